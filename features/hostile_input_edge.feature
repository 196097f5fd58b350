Feature: Hostile input
  Whatever a person types, pastes or points a command at, the newsroom checks it at
  the door: a control character in any text, a body past the body limit, an endless
  file, a number past what the store can hold, a time outside the years 1900 to 2200,
  a malformed id or a bad setting is refused with exit code 2, in one line that names
  what is wrong and where, and nothing is written.

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

  Scenario: A control character in a headline is refused, naming where it is
    When aysel runs `draft --headline "Snow ␛[31min Baku" --category Society --id snow` where "␛" stands for the control character U+001B
    Then it is refused with exit code 2
    And the error is one line mentioning "--headline has a control character U+001B at position 5; remove it."
    And nothing was written

  Scenario: A control character in a photo's caption is refused and no copy is kept
    Given aysel has drafted article snow headlined "Snow in Baku"
    And a JPEG image "snow.jpg"
    When aysel runs `photo add snow snow.jpg --caption "Baku␛]8;;http://evil.example␛\ in snow"` where "␛" stands for the control character U+001B
    Then it is refused with exit code 2
    And the error is one line mentioning "--caption has a control character U+001B at position 4"
    And nothing was written
    And the media folder is empty

  Scenario: A control character in a reason is refused
    Given article snow is in review
    When kamran runs `request-changes snow --reason "Check the figures␇"` where "␇" stands for the control character U+0007
    Then it is refused with exit code 2
    And the error is one line mentioning "--reason has a control character U+0007 at position 17"
    And nothing was written

  Scenario: A body keeps its line breaks
    Given aysel has drafted article snow headlined "Snow in Baku"
    When aysel runs `revise snow --body "Schools are closed.⏎Buses run late."` where "⏎" stands for the control character U+000A
    Then the command succeeds
    And the log gained ArticleRevised

  Scenario: A body exactly at the body limit is taken
    Given NEWSROOM_BODY_LIMIT is set to "16"
    When aysel runs `draft --headline "Snow in Baku" --category Society --body "Snow fell today." --id snow`
    Then the command succeeds
    And article snow shows body "Snow fell today."

  Scenario: A body one byte over the body limit is refused
    Given NEWSROOM_BODY_LIMIT is set to "16"
    When aysel runs `draft --headline "Snow in Baku" --category Society --body "Snow fell today!!" --id snow`
    Then it is refused with exit code 2
    And the error is one line mentioning "--body is longer than the body limit of 16 bytes (NEWSROOM_BODY_LIMIT)"
    And nothing was written

  Scenario: An endless body file is read only up to the body limit, then refused
    When aysel runs `draft --headline "Snow in Baku" --category Society --body-file /dev/zero --id snow`
    Then it is refused with exit code 2
    And the error is one line mentioning "--body-file /dev/zero is longer than the body limit of 1048576 bytes"
    And nothing was written

  Scenario: A limit past what the store can count is refused, not an internal error
    Given aysel has drafted article snow headlined "Snow in Baku"
    When kamran runs `log --limit 9223372036854775808`
    Then it is refused with exit code 2
    And the error is one line mentioning "less than or equal to 9223372036854775807"

  Scenario: The largest limit the store can count is taken
    Given aysel has drafted article snow headlined "Snow in Baku"
    When kamran runs `log --limit 9223372036854775807 --stream snow`
    Then the command succeeds
    And one line of the output mentions "ArticleDrafted"

  Scenario Outline: A time outside the years 1900 to 2200 is refused
    Given article snow is approved
    When kamran runs `<command>`
    Then it is refused with exit code 2
    And the error is one line mentioning "a time must fall in the years 1900 to 2200"
    And nothing was written

    Examples:
      | command                                      |
      | publish snow --at "10:00 01.01.1000"         |
      | show snow --as-of "1899-12-31T23:59:59Z"     |
      | log --since "2201-01-01T00:00:00+04:00"      |

  Scenario Outline: A malformed article id is bad input, wherever it is given
    Given aysel has drafted article snow headlined "Snow in Baku"
    When kamran runs `<command>`
    Then it is refused with exit code 2
    And the error is one line mentioning "is not valid: use lower-case letters, digits and dashes"
    And nothing was written

    Examples:
      | command                    |
      | show "Snow Day"            |
      | history ../etc/passwd      |
      | diff SNOW 1 2              |
      | prove snow_day             |
      | submit "snow; rm -rf /"    |

  Scenario: A well-formed article id that names no article is not found
    When kamran runs `history nowhere`
    Then it is refused with exit code 3
    And the error is one line mentioning "There is no article nowhere"

  Scenario: An export range upside down is refused instead of printing nothing
    Given aysel has drafted article snow headlined "Snow in Baku"
    When umud runs `export --from 30 --until 20`
    Then it is refused with exit code 2
    And the error is one line mentioning "--until 20 comes before --from 30: the range selects nothing."

  Scenario Outline: A bad NEWSROOM_BODY_LIMIT is refused before anything is read or written
    Given aysel has drafted article snow headlined "Snow in Baku"
    And NEWSROOM_BODY_LIMIT is set to "<value>"
    When aysel runs `revise snow --body "Heavy snow."`
    Then it is refused with exit code 2
    And the error is one line mentioning "NEWSROOM_BODY_LIMIT must be a whole number from 1 to 67108864, not '<value>'."
    And nothing was written

    Examples:
      | value                |
      | nan                  |
      | inf                  |
      | -1                   |
      | 0                    |
      | 1MB                  |
      | 99999999999999999999 |
