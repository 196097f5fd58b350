Feature: The News line
  The ticker lists published, not retracted articles, newest first: per article
  the headline on one line and its publication time, HH:MM DD.MM.YYYY in the
  newsroom's time zone (Asia/Baku), on the next.

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

  Scenario: Headlines newest first, each with its time
    Given article snow headlined "Snow closes schools in Baku" was published at "09:15 14.11.2024"
    And article frost headlined "Frost expected in Ganja" was published at "12:30 14.11.2024"
    And article metro headlined "Metro runs until 1 a.m. on New Year's Eve" was published at "18:08 14.11.2024"
    When rashad runs `ticker`
    Then the command succeeds
    And the output is:
      """
      Metro runs until 1 a.m. on New Year's Eve
      18:08 14.11.2024
      Frost expected in Ganja
      12:30 14.11.2024
      Snow closes schools in Baku
      09:15 14.11.2024
      """

  Scenario: Times are shown in Baku time
    Given article snow headlined "Heat wave in Baku" is approved
    And the clock reads "2025-06-13T12:00:00Z"
    And kamran has run `publish snow`
    When rashad runs `ticker`
    Then the command succeeds
    And the output is:
      """
      Heat wave in Baku
      16:00 13.06.2025
      """

  Scenario: The ticker as JSON
    Given article snow headlined "Snow in Baku" was published at "18:08 14.11.2024"
    When rashad runs `ticker --json`
    Then the command succeeds
    And the JSON output's items are:
      | article_id | headline     | category | language | published_at              | display_time     |
      | snow       | Snow in Baku | Society  | en       | 2024-11-14T18:08:00+04:00 | 18:08 14.11.2024 |

  Scenario: The ticker shows only as many headlines as asked
    Given article snow headlined "Snow in Baku" was published at "09:15 14.11.2024"
    And article frost headlined "Frost in Ganja" was published at "12:30 14.11.2024"
    When rashad runs `ticker --limit 1`
    Then the command succeeds
    And the output is:
      """
      Frost in Ganja
      12:30 14.11.2024
      """

  Scenario: The ticker in one language
    Given aysel has run `draft --headline "Bakıda qar yağır" --category Society --language az --id qar`
    And aysel has run `submit qar`
    And kamran has run `approve qar`
    And kamran has run `publish qar`
    And article snow headlined "Snow in Baku" is published
    When rashad runs `ticker --language az`
    Then the command succeeds
    And the output is:
      """
      Bakıda qar yağır
      10:00 14.11.2024
      """

  Scenario: An empty newsroom has an empty ticker
    Given article snow is approved
    When rashad runs `ticker`
    Then the command succeeds
    And the output is empty

  Scenario: A scheduled article is not on the ticker before its time
    Given article metro headlined "Metro runs until 1 a.m." was published at "09:00 14.11.2024"
    And article snow headlined "Snow in Baku" is scheduled for "18:00 14.11.2024"
    When rashad runs `ticker`
    Then the command succeeds
    And the output is:
      """
      Metro runs until 1 a.m.
      09:00 14.11.2024
      """

  Scenario: A scheduled article joins the ticker at its embargo time once published
    Given article metro headlined "Metro runs until 1 a.m." was published at "09:00 14.11.2024"
    And article snow headlined "Snow in Baku" is scheduled for "18:00 14.11.2024"
    And the clock reads "18:45 14.11.2024"
    And scheduler has run `tick`
    When rashad runs `ticker`
    Then the command succeeds
    And the output is:
      """
      Snow in Baku
      18:00 14.11.2024
      Metro runs until 1 a.m.
      09:00 14.11.2024
      """

  Scenario: A correction updates the headline in place
    Given article snow headlined "Snow in Bakku" was published at "09:15 14.11.2024"
    And article frost headlined "Frost in Ganja" was published at "09:45 14.11.2024"
    And kamran has run `correct snow --headline "Snow in Baku" --note "Spelling of Baku."`
    When rashad runs `ticker`
    Then the command succeeds
    And the output is:
      """
      Frost in Ganja
      09:45 14.11.2024
      Snow in Baku
      09:15 14.11.2024
      """

  Scenario: A retraction removes the article from the ticker
    Given article snow headlined "Snow in Baku" was published at "09:15 14.11.2024"
    And article frost headlined "Frost in Ganja" was published at "09:45 14.11.2024"
    And umud has run `retract frost --reason "It was last year's forecast."`
    When rashad runs `ticker`
    Then the command succeeds
    And the output is:
      """
      Snow in Baku
      09:15 14.11.2024
      """

  Scenario: An unknown ticker format
    When rashad runs `ticker --format xml`
    Then it is refused with exit code 2
    And the error is one line mentioning "--format 'xml'"
    And nothing was written
