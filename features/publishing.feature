Feature: Publishing
  An editor publishes an approved article now, or schedules it for a time
  (an embargo). A tick publishes what is due by the store's clock, at the embargo
  time, signed by whoever runs it: the scheduler, or anyone on the staff.
  Times are the newsroom's HH:MM DD.MM.YYYY in Asia/Baku, or ISO-8601.

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

  Scenario: An editor publishes an approved article now
    Given article snow headlined "Snow in Baku" is approved
    When kamran runs `publish snow`
    Then the command succeeds
    And the log gained ArticlePublished
    And the ArticlePublished event was recorded by kamran as editor
    And the ArticlePublished event records published_at at "10:00 14.11.2024"
    And the ArticlePublished event records headline "Snow in Baku"
    And the ArticlePublished event records scheduled "False"
    And article snow is published
    And the ticker reads:
      """
      Snow in Baku
      10:00 14.11.2024
      """

  Scenario: A write command's JSON says where the article stands
    Given article snow is approved
    When kamran runs `publish snow --json`
    Then the command succeeds
    And the JSON output has the keys "article_id", "version", "status", "events"
    And the JSON output has article_id "snow"
    And the JSON output has status "published"
    And the JSON output has version "4"
    And every one of the JSON output's events has the keys "global_position", "stream_id", "stream_version", "event_type", "data", "metadata"

  Scenario Outline: Only an approved article can be published
    Given article snow is <state>
    When kamran runs `publish snow`
    Then it is refused with exit code 4
    And the error is one line mentioning "allowed only when it is approved"
    And nothing was written

    Examples:
      | state     |
      | a draft   |
      | in review |
      | published |
      | retracted |
      | spiked    |

  Scenario: A reporter cannot publish
    Given article snow is approved
    When aysel runs `publish snow`
    Then it is refused with exit code 5
    And the error is one line mentioning "publishing needs an editor or above"
    And nothing was written

  Scenario: Publishing an article that does not exist
    When kamran runs `publish nowhere`
    Then it is refused with exit code 3
    And the error is one line mentioning "There is no article nowhere"
    And nothing was written

  Scenario Outline: An editor schedules an approved article for later
    Given article snow is approved
    When kamran runs `publish snow --at "<time>"`
    Then the command succeeds
    And the log gained PublicationScheduled
    And the PublicationScheduled event was recorded by kamran as editor
    And the PublicationScheduled event records publish_at at "18:00 14.11.2024"
    And article snow is scheduled
    And the output says "scheduled for 18:00 14.11.2024"

    Examples:
      | time                      |
      | 18:00 14.11.2024          |
      | 2024-11-14T18:00:00+04:00 |
      | 2024-11-14T14:00:00Z      |

  Scenario: An embargo time must be a time
    Given article snow is approved
    When kamran runs `publish snow --at tomorrow`
    Then it is refused with exit code 2
    And the error is one line mentioning "--at 'tomorrow' is not a time"
    And nothing was written

  Scenario Outline: An embargo time must still be ahead
    Given article snow is approved
    When kamran runs `publish snow --at "<time>"`
    Then it is refused with exit code 4
    And the error is one line mentioning "has already passed"
    And nothing was written

    Examples:
      | time                 |
      | 09:00 14.11.2024     |
      | 10:00 14.11.2024     |
      | 2024-11-13T18:00:00Z |

  Scenario: A passed embargo time is quoted in the newsroom's time
    Given article snow is approved
    When kamran runs `publish snow --at 2024-11-14T05:00:00Z`
    Then it is refused with exit code 4
    And the error is one line mentioning "The embargo time 09:00 14.11.2024 has already passed"
    And nothing was written

  Scenario: An editor lifts an embargo before it passes
    Given article snow is scheduled for "18:00 14.11.2024"
    When kamran runs `unschedule snow`
    Then the command succeeds
    And the log gained PublicationUnscheduled
    And the PublicationUnscheduled event was recorded by kamran as editor
    And the PublicationUnscheduled event records publish_at at "18:00 14.11.2024"
    And article snow is approved

  Scenario: A published article cannot be unscheduled
    Given article snow is published
    When kamran runs `unschedule snow`
    Then it is refused with exit code 4
    And the error is one line mentioning "allowed only when it is scheduled"
    And nothing was written

  Scenario: A reporter cannot lift an embargo
    Given article snow is scheduled for "18:00 14.11.2024"
    When rashad runs `unschedule snow`
    Then it is refused with exit code 5
    And the error is one line mentioning "unscheduling needs an editor or above"
    And nothing was written

  Scenario: A tick before the embargo publishes nothing
    Given article snow is scheduled for "18:00 14.11.2024"
    And the clock reads "17:59 14.11.2024"
    When kamran runs `tick`
    Then the command succeeds
    And nothing was written
    And the output says "Nothing is due for publication."
    And article snow is scheduled

  Scenario: A tick after the embargo publishes the article at the embargo time
    Given article snow headlined "Snow in Baku" is scheduled for "18:00 14.11.2024"
    And the clock reads "18:05 14.11.2024"
    When kamran runs `tick`
    Then the command succeeds
    And the log gained ArticlePublished
    And the ArticlePublished event was recorded by kamran as editor
    And the ArticlePublished event records published_at at "18:00 14.11.2024"
    And the ArticlePublished event records scheduled "True"
    And article snow is published
    And the output says "published as the embargo lifted"
    And the ticker reads:
      """
      Snow in Baku
      18:00 14.11.2024
      """

  Scenario: The scheduler itself runs the tick
    Given article snow is scheduled for "18:00 14.11.2024"
    And the clock reads "2024-11-14T14:00:00Z"
    When scheduler runs `tick --json`
    Then the command succeeds
    And the log gained ArticlePublished
    And the ArticlePublished event was recorded by scheduler as scheduler
    And the ArticlePublished event records published_at at "18:00 14.11.2024"

  Scenario: A tick publishes every article that is due, and only those
    Given article snow is scheduled for "12:00 14.11.2024"
    And article frost is scheduled for "13:00 14.11.2024"
    And article rain is scheduled for "20:00 14.11.2024"
    And the clock reads "13:30 14.11.2024"
    When kamran runs `tick`
    Then the command succeeds
    And the log gained ArticlePublished, ArticlePublished
    And article snow is published
    And article frost is published
    And article rain is scheduled

  Scenario: A tick after an embargo was lifted publishes nothing
    Given article snow is scheduled for "18:00 14.11.2024"
    And kamran has run `unschedule snow`
    And the clock reads "19:00 14.11.2024"
    When kamran runs `tick`
    Then the command succeeds
    And nothing was written
    And article snow is approved

  Scenario: Anyone on the staff may run the tick; the event is theirs
    Given article snow is scheduled for "18:00 14.11.2024"
    And the clock reads "19:00 14.11.2024"
    When aysel runs `tick`
    Then the command succeeds
    And the ArticlePublished event was recorded by aysel as reporter
    And the ArticlePublished event is signed by aysel's key, as ssh-keygen verifies it
    And the ArticlePublished event records published_at at "18:00 14.11.2024"
    And article snow is published

  Scenario: A cron job runs the tick as the scheduler itself
    Given article snow is scheduled for "18:00 14.11.2024"
    And the clock reads "19:00 14.11.2024"
    When scheduler runs `tick`
    Then the command succeeds
    And the ArticlePublished event was recorded by scheduler as scheduler
    And the ArticlePublished event is signed by scheduler's key, as ssh-keygen verifies it

  Scenario: Someone not on the staff cannot run the tick
    Given article snow is scheduled for "18:00 14.11.2024"
    And the clock reads "19:00 14.11.2024"
    When nobody runs `tick`
    Then it is refused with exit code 5
    And the error is one line mentioning "not on the staff"
    And nothing was written

  Scenario: An embargo that has passed can no longer be lifted
    Given article snow is scheduled for "18:00 14.11.2024"
    And the clock reads "18:30 14.11.2024"
    When kamran runs `unschedule snow`
    Then it is refused with exit code 4
    And the error is one line mentioning "has passed and it is due for publication"
    And nothing was written
