Feature: History
  Auditors replay what happened to an article: every event, when, who did it,
  in which role, and why. The log itself lists every event in commit order.

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
    And aysel has drafted article snow headlined "Snow in Bakku"
    And aysel has run `submit snow`
    And kamran has run `request-changes snow --reason "Needs a second source"`
    And aysel has run `revise snow --body "The mayor's office confirmed it."`
    And aysel has run `submit snow`
    And leyla has run `approve snow`
    And kamran has run `publish snow --at "18:00 14.11.2024"`
    And the clock reads "18:05 14.11.2024"
    And scheduler has run `tick`
    And the clock reads "19:30 14.11.2024"
    And kamran has run `correct snow --headline "Snow in Baku" --note "Spelling of Baku."`

  Scenario: The history of an article, event by event
    When rashad runs `history snow --json`
    Then the command succeeds
    And the JSON output's events are:
      | stream_version | event_type           | actor     | role      | reason                |
      | 1              | ArticleDrafted       | aysel     | reporter  |                       |
      | 2              | ArticleSubmitted     | aysel     | reporter  |                       |
      | 3              | ChangesRequested     | kamran    | editor    | Needs a second source |
      | 4              | ArticleRevised       | aysel     | reporter  |                       |
      | 5              | ArticleSubmitted     | aysel     | reporter  |                       |
      | 6              | ArticleApproved      | leyla     | editor    |                       |
      | 7              | PublicationScheduled | kamran    | editor    |                       |
      | 8              | ArticlePublished     | scheduler | scheduler |                       |
      | 9              | ArticleCorrected     | kamran    | editor    | Spelling of Baku.     |
    And every one of the JSON output's events has the keys "global_position", "stream_id", "stream_version", "event_type", "occurred_at", "actor", "data"

  Scenario: The history says who sent the article back, and why
    When rashad runs `history snow`
    Then the command succeeds
    And one line of the output mentions "10:00 14.11.2024", "kamran", "editor", "ChangesRequested", "Needs a second source"
    And one line of the output mentions "18:05 14.11.2024", "scheduler", "ArticlePublished", "embargo lifted"
    And one line of the output mentions "19:30 14.11.2024", "kamran", "editor", "ArticleCorrected", "Spelling of Baku."

  Scenario: A retraction is in the history with its reason
    Given umud has run `retract snow --reason "The quotes could not be verified."`
    When rashad runs `history snow`
    Then the command succeeds
    And one line of the output mentions "umud", "chief", "ArticleRetracted", "The quotes could not be verified."

  Scenario: A requested change shows on the article until it is approved
    Given aysel has drafted article frost headlined "Frost in Ganja"
    And aysel has run `submit frost`
    And leyla has run `request-changes frost --reason "Which villages?"`
    When rashad runs `show frost`
    Then the command succeeds
    And the output says "Changes requested by leyla: Which villages?"

  Scenario: A long history shows 50 events unless told otherwise
    Given aysel has drafted article rain headlined "Rain in Lankaran"
    And aysel has revised article rain 52 times
    When rashad runs `history rain --json`
    Then the command succeeds
    And the JSON output has more "3"
    And the JSON output has next_from "51"
    And the JSON output has 50 events, from version 1 to 50

  Scenario: A page of the history says what was left out and how to see it
    When rashad runs `history snow --limit 4`
    Then the command succeeds
    And one line of the output mentions "ArticleDrafted"
    And the output says "4 events shown; 5 more: --from 5 for the next page, --limit 0 for all."

  Scenario: The next page of the history, as JSON
    When rashad runs `history snow --from 5 --limit 4 --json`
    Then the command succeeds
    And the JSON output has 4 events, from version 5 to 8
    And the JSON output has more "1"
    And the JSON output has next_from "9"

  Scenario: The last page of the history says that nothing follows
    When rashad runs `history snow --from 9 --json`
    Then the command succeeds
    And the JSON output has 1 events, from version 9 to 9
    And the JSON output has more "0"
    And the JSON output has no next_from

  Scenario: A page past the end of the history
    When rashad runs `history snow --from 10`
    Then it is refused with exit code 3
    And the error is one line mentioning "Article snow has no version 10; it is at 9."
    And nothing was written

  Scenario: The history of an article that does not exist
    When rashad runs `history nowhere`
    Then it is refused with exit code 3
    And the error is one line mentioning "There is no article nowhere"
    And nothing was written

  Scenario: The log lists every event in commit order, without gaps
    When rashad runs `log --json`
    Then the command succeeds
    And the JSON output lists every event of the log in commit order
