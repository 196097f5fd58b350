Feature: Urgency
  A reporter says how urgent an article is on the IPTC scale: 1 is a flash, 9 the
  least urgent. An article given none has none. Urgency 1 and 2 is breaking news:
  the site labels it, and partners get the number in ninjs.

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

  Scenario: A reporter drafts an article with an urgency
    When aysel runs `draft --id quake --headline "Quake in Shamakhi" --category Society --urgency 1`
    Then the command succeeds
    And the ArticleDrafted event records urgency "1"
    And article quake shows urgency "1"

  Scenario: An article drafted without an urgency has none
    When aysel runs `draft --id snow --headline "Snow in Baku" --category Society`
    Then the command succeeds
    And the ArticleDrafted event records no urgency
    And article snow shows urgency "None"

  Scenario: A reporter revises a draft's urgency
    Given aysel has drafted article snow headlined "Snow in Baku"
    When aysel runs `revise snow --urgency 2`
    Then the command succeeds
    And the ArticleRevised event records urgency "2"
    And article snow shows urgency "2"

  Scenario: Show gives the urgency a line, and names breaking news
    Given aysel has run `draft --id quake --headline "Quake in Shamakhi" --category Society --urgency 2`
    When aysel runs `show quake`
    Then the output says "Urgency 2 (breaking)"

  Scenario: List shows the urgency and keeps only the urgent ones
    Given aysel has run `draft --id quake --headline "Quake in Shamakhi" --category Society --urgency 1`
    And aysel has run `draft --id fair --headline "Book fair opens" --category Culture --urgency 6`
    And aysel has drafted article snow headlined "Snow in Baku"
    When aysel runs `list --urgency 5 --json`
    Then the JSON output's articles are:
      | article_id | urgency |
      | quake      | 1       |

  Scenario: List keeps its order when filtered by urgency
    Given aysel has run `draft --id quake --headline "Quake in Shamakhi" --category Society --urgency 1`
    And aysel has run `draft --id fair --headline "Book fair opens" --category Culture --urgency 6`
    When aysel runs `list --urgency 9 --json`
    Then the JSON output's articles are:
      | article_id | urgency |
      | fair       | 6       |
      | quake      | 1       |

  Scenario: The list table has an urgency column
    Given aysel has run `draft --id quake --headline "Quake in Shamakhi" --category Society --urgency 1`
    When aysel runs `list`
    Then one line of the output mentions "quake", "1", "Quake in Shamakhi"

  Scenario Outline: Urgency is a whole number from 1 to 9
    When aysel runs `draft --id snow --headline "Snow in Baku" --category Society --urgency <urgency>`
    Then it is refused with exit code 2
    And the error is one line mentioning "give a whole number from 1 to 9"
    And nothing was written

    Examples:
      | urgency |
      | 0       |
      | 10      |
      | 2.5     |
      | flash   |

  Scenario: Revising to a bad urgency is refused
    Given aysel has drafted article snow headlined "Snow in Baku"
    When aysel runs `revise snow --urgency 12`
    Then it is refused with exit code 2
    And the error is one line mentioning "give a whole number from 1 to 9"
    And nothing was written

  Scenario: Listing by a bad urgency is refused
    When aysel runs `list --urgency high`
    Then it is refused with exit code 2
    And the error is one line mentioning "give a whole number from 1 to 9"

  Scenario: Revising to the same urgency changes nothing
    Given aysel has run `draft --id quake --headline "Quake in Shamakhi" --category Society --urgency 1`
    When aysel runs `revise quake --urgency 1`
    Then it is refused with exit code 4
    And the error is one line mentioning "changes nothing"
    And nothing was written

  Scenario: Partners get the urgency in ninjs, and none when none was given
    Given aysel has run `draft --id quake --headline "Quake in Shamakhi" --category Society --urgency 1`
    And aysel has drafted article snow headlined "Snow in Baku"
    Then the ninjs of article quake has urgency 1
    And the ninjs of article snow has no urgency

  Scenario: The site labels breaking news on the News line and the article page
    Given aysel has run `draft --id quake --headline "Quake in Shamakhi" --category Society --urgency 1`
    And aysel has run `submit quake`
    And kamran has run `approve quake`
    And kamran has run `publish quake`
    And article snow headlined "Snow in Baku" is published
    When umud runs `site build site`
    Then the command succeeds
    And the News line on "site/index.html" labels "Quake in Shamakhi" Breaking
    And the News line on "site/index.html" does not label "Snow in Baku" Breaking
    And the page "site/articles/quake.html" says "Breaking news"
    And the page "site/articles/snow.html" does not say "Breaking news"

  Scenario: The text News line stays as it was
    Given aysel has run `draft --id quake --headline "Quake in Shamakhi" --category Society --urgency 1`
    And aysel has run `submit quake`
    And kamran has run `approve quake`
    And kamran has run `publish quake`
    Then the ticker reads:
      """
      Quake in Shamakhi
      10:00 14.11.2024
      """

  Scenario: A log with urgencies is lawful and survives export and import
    Given aysel has run `draft --id quake --headline "Quake in Shamakhi" --category Society --urgency 1`
    And aysel has run `revise quake --urgency 3`
    And umud has run `verify`
    And umud has run `export day.jsonl`
    And umud has run `import day.jsonl --store sqlite:///restored.db`
    When umud runs `verify --store sqlite:///restored.db`
    Then the command succeeds
    And the store "restored.db" prints what the newsroom's own store prints for:
      | command          |
      | show quake --json |
      | list --json      |

  Scenario: List as it stood keeps the urgency filter
    Given aysel has run `draft --id quake --headline "Quake in Shamakhi" --category Society --urgency 5`
    And the log's last position is noted as $drafted
    And aysel has run `revise quake --urgency 1`
    And aysel has run `draft --id fair --headline "Book fair opens" --category Culture --urgency 6`
    When aysel runs `list --urgency 5 --as-of "#$drafted" --json`
    Then the JSON output's articles are:
      | article_id | urgency |
      | quake      | 5       |
