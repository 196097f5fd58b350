Feature: Search
  A reporter looking for what the newsroom already wrote on a story searches the
  headlines and text of every article as it stands now: the best matches first,
  each with the passage that matched, its words marked.

  Background:
    Given the newsroom staff:
      | name      | role      |
      | umud      | chief     |
      | aysel     | reporter  |
      | rashad    | reporter  |
      | kamran    | editor    |
      | leyla     | editor    |
      | scheduler | scheduler |
    And the clock reads "10:00 14.11.2024"
    And aysel has run `draft --id floods --headline "Floods close the coastal road" --body "Heavy rain flooded the road to Sumqayit." --category Society`
    And aysel has run `draft --id weather --headline "Rain all week" --body "Umbrellas sell out in the capital." --category Society`
    And aysel has run `draft --id metro --headline "Metro line opens" --body "The new line runs under the old city." --category Society`

  Scenario: A word in the headline ranks above the same word in the text
    When aysel runs `search rain`
    Then the command succeeds
    And the output is:
      """
      weather  draft  en  Rain all week
          «Rain» all week
      floods  draft  en  Floods close the coastal road
          Heavy «rain» flooded the road to Sumqayit.
      """

  Scenario: Every word must match, and a quoted phrase must appear as written
    When aysel runs `search 'line "old city"'`
    Then the command succeeds
    And one line of the output mentions "metro" "Metro line opens"
    And the output does not mention "floods"

  Scenario: A word ending in a star finds the words it begins
    When aysel runs `search Sumq*`
    Then the command succeeds
    And one line of the output mentions "«Sumqayit»"

  Scenario: The JSON output gives each snippet with the places of its matches
    When aysel runs `search rain --json`
    Then the command succeeds
    And the JSON output's results are:
      | article_id | headline                      | status | language | snippet                                  | matches     |
      | weather    | Rain all week                 | draft  | en       | Rain all week                            | [[0, 4]]    |
      | floods     | Floods close the coastal road | draft  | en       | Heavy rain flooded the road to Sumqayit. | [[6, 10]]   |

  Scenario: Filters narrow the hits by status, language and time of the last change
    Given article budget headlined "Budget passed in one reading" is published
    And the clock reads "12:00 14.11.2024"
    And aysel has run `draft --id byudjet --headline "Бюджет принят" --body "Budget for next year" --category Economy --language ru`
    When aysel runs `search budget --status published`
    Then the command succeeds
    And one line of the output mentions "budget" "published"
    And the output does not mention "byudjet"
    When aysel runs `search budget --language ru`
    Then one line of the output mentions "byudjet"
    And the output does not mention "Budget passed"
    When aysel runs `search budget --since "11:00 14.11.2024"`
    Then one line of the output mentions "byudjet"
    And the output does not mention "Budget passed"

  Scenario: Spiked copy is found only when an editor asks for it by status
    Given kamran has run `spike metro --reason "Duplicate"`
    When aysel runs `search line`
    Then the output is:
      """
      No article matches 'line'.
      """
    When aysel runs `search line --status spiked`
    Then one line of the output mentions "metro" "spiked"

  Scenario: A revision replaces the words that are found
    Given aysel has run `revise floods --headline "Storm closes the coastal road"`
    When aysel runs `search floods`
    Then the output says "No article matches"
    When aysel runs `search storm`
    Then one line of the output mentions "floods" "Storm closes the coastal road"

  Scenario: A quote left open runs to the end of the query
    When aysel runs `search '"coastal road'`
    Then the command succeeds
    And one line of the output mentions "floods"

  Scenario: A query with nothing to search for is refused
    When aysel runs `search '" * "'`
    Then it is refused with exit code 2
    And the error is one line mentioning "The query has no words to search for"
    And nothing was written

  Scenario: A rebuild finds what the index found before
    Given umud has run `rebuild`
    When aysel runs `search rain`
    Then the output says "«Rain» all week"
    And the output says "Heavy «rain» flooded"
