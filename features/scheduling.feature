Feature: Scheduling under embargo
  An editor schedules an approved article for a time (an embargo) with
  `publish --at`. Until then it is not on the News line. Once the store's clock
  has passed it, `tick` publishes it with the embargo time as its publication time,
  signed by whoever runs the tick: anyone on the staff by hand, or the scheduler
  (cron, or the worker, which signs as the scheduler). A pinned clock (NEWSROOM_NOW)
  never lifts an embargo. An embargo can be lifted while it lies ahead; once it has
  passed, the article is due: the tick publishes it, or the chief retracts it.

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

  # --- scheduling --------------------------------------------------------------------------

  Scenario: An editor schedules an approved article, and it stays off the News line
    Given article snow headlined "Snow in Baku" is approved
    When kamran runs `publish snow --at "18:00 14.11.2024"`
    Then the command succeeds
    And the log gained PublicationScheduled
    And the PublicationScheduled event was recorded by kamran as editor
    And the PublicationScheduled event records publish_at at "18:00 14.11.2024"
    And the output says "Article snow: scheduled for 18:00 14.11.2024"
    And article snow is scheduled
    And the ticker is empty

  Scenario: A scheduled article says when its embargo lifts
    Given article snow headlined "Snow in Baku" is scheduled for "18:00 14.11.2024"
    When rashad runs `show snow`
    Then the command succeeds
    And the output says "Society (embargoed until 18:00 14.11.2024)"
    And nothing was written

  Scenario Outline: An embargo must lie ahead
    Given article snow is approved
    When kamran runs `publish snow --at "<time>"`
    Then it is refused with exit code 4
    And the error is one line mentioning "has already passed"
    And nothing was written
    And article snow is approved

    Examples:
      | time                 |
      | 09:59 14.11.2024     |
      | 10:00 14.11.2024     |
      | 2024-11-14T05:30:00Z |
      | 18:00 13.11.2024     |

  Scenario Outline: An embargo must be a time
    Given article snow is approved
    When kamran runs `publish snow --at "<time>"`
    Then it is refused with exit code 2
    And the error is one line mentioning "is not a time"
    And nothing was written
    And article snow is approved

    Examples:
      | time             |
      | tomorrow         |
      | 18:00            |
      | 14.11.2024       |
      | 25:00 14.11.2024 |
      | 18:00 31.11.2024 |
      | 14.11.2024 18:00 |

  Scenario: An empty embargo is not a time, and does not publish the article now
    Given article snow is approved
    When kamran runs `publish snow --at ""`
    Then it is refused with exit code 2
    And the error is one line mentioning "is not a time"
    And nothing was written
    And article snow is approved
    And the ticker is empty

  # --- the tick ----------------------------------------------------------------------------

  Scenario: Before the embargo a tick leaves the article scheduled and off the News line
    Given article snow is scheduled for "18:00 14.11.2024"
    And the clock reads "17:59 14.11.2024"
    When kamran runs `tick`
    Then the command succeeds
    And the output says "Nothing is due for publication."
    And nothing was written
    And article snow is scheduled
    And the ticker is empty

  Scenario: A tick after the embargo publishes at the embargo time, as whoever ran it
    Given article snow headlined "Snow in Baku" is scheduled for "18:00 14.11.2024"
    And the clock reads "18:05 14.11.2024"
    When kamran runs `tick`
    Then the command succeeds
    And the log gained ArticlePublished
    And the ArticlePublished event was recorded by kamran as editor
    And the ArticlePublished event is signed by kamran's key, as ssh-keygen verifies it
    And the ArticlePublished event occurred at "18:05 14.11.2024" and was recorded at "18:05 14.11.2024"
    And the ArticlePublished event records published_at at "18:00 14.11.2024"
    And the ArticlePublished event records scheduled "True"
    And the output says "Article snow: published as the embargo lifted"
    And article snow is published
    And the ticker reads:
      """
      Snow in Baku
      18:00 14.11.2024
      """

  Scenario: A tick at the very minute of the embargo publishes it
    Given article snow is scheduled for "18:00 14.11.2024"
    And the clock reads "18:00 14.11.2024"
    When leyla runs `tick`
    Then the command succeeds
    And the log gained ArticlePublished
    And the ArticlePublished event records published_at at "18:00 14.11.2024"
    And article snow is published

  Scenario: The history says who ran the tick that published the article
    Given article snow is scheduled for "18:00 14.11.2024"
    And the clock reads "18:05 14.11.2024"
    And aysel has run `tick`
    When rashad runs `history snow`
    Then the command succeeds
    And one line of the output mentions "18:05 14.11.2024", "aysel", "reporter", "ArticlePublished", "published as the embargo lifted"
    And nothing was written

  Scenario: A cron job ticking as the scheduler is signed by the scheduler
    Given article snow is scheduled for "18:00 14.11.2024"
    And the clock reads "18:05 14.11.2024"
    When scheduler runs `tick`
    Then the command succeeds
    And the log gained ArticlePublished
    And the ArticlePublished event was recorded by scheduler as scheduler
    And the ArticlePublished event is signed by scheduler's key, as ssh-keygen verifies it
    And the ArticlePublished event records published_at at "18:00 14.11.2024"
    And article snow is published

  Scenario: The tick as JSON lists what it published
    Given article snow is scheduled for "18:00 14.11.2024"
    And the clock reads "18:05 14.11.2024"
    When scheduler runs `tick --json`
    Then the command succeeds
    And the JSON output's published are:
      | article_id | status    | version |
      | snow       | published | 5       |

  Scenario: A tick by someone not on the staff publishes nothing
    Given article snow is scheduled for "18:00 14.11.2024"
    And the clock reads "18:05 14.11.2024"
    When nobody runs `tick`
    Then it is refused with exit code 5
    And the error is one line mentioning "nobody is not on the staff"
    And nothing was written
    And article snow is scheduled

  Scenario: A second tick publishes nothing more
    Given article snow is scheduled for "18:00 14.11.2024"
    And the clock reads "18:05 14.11.2024"
    And scheduler has run `tick`
    And the clock reads "18:10 14.11.2024"
    When kamran runs `tick`
    Then the command succeeds
    And the output says "Nothing is due for publication."
    And nothing was written
    And the log holds exactly one ArticlePublished for article snow

  Scenario: A tick publishes every article that is due, earliest embargo first
    Given article rain is scheduled for "13:00 14.11.2024"
    And article snow is scheduled for "12:00 14.11.2024"
    And article frost is scheduled for "20:00 14.11.2024"
    And the clock reads "13:30 14.11.2024"
    When scheduler runs `tick`
    Then the command succeeds
    And the tick published snow, then rain
    And article frost is scheduled

  # --- the store's clock lifts embargoes, never a pinned one -------------------------------

  Scenario: A pinned clock ahead of the store's lifts nothing: it is refused
    Given article snow is scheduled for "18:00 14.11.2024"
    And the environment sets NEWSROOM_NOW to "20:00 14.11.2024"
    When umud runs `tick`
    Then it is refused with exit code 2
    And the error is one line mentioning "is later than the store's clock"
    And the error is one line mentioning "a pinned clock may only backdate an act"
    And nothing was written
    And article snow is scheduled
    And the ticker is empty

  Scenario: Nor can a pinned clock ahead of the store's take an embargo back
    Given article snow is scheduled for "18:00 14.11.2024"
    And the environment sets NEWSROOM_NOW to "20:00 14.11.2024"
    When umud runs `unschedule snow`
    Then it is refused with exit code 2
    And nothing was written
    And article snow is scheduled

  Scenario: A reporter's tick under a pinned clock is refused, and the article waits
    Given article snow is scheduled for "18:00 14.11.2024"
    And the clock reads "18:05 14.11.2024"
    And the environment sets NEWSROOM_NOW to "18:05 14.11.2024"
    When aysel runs `tick`
    Then it is refused with exit code 5
    And the error is one line mentioning "lets chiefs only act under a pinned clock"
    And nothing was written
    And article snow is scheduled

  Scenario: Once the store's clock passes the embargo, the tick publishes it, pinned clock or not
    Given article snow is scheduled for "18:00 14.11.2024"
    And the clock reads "18:05 14.11.2024"
    And the environment sets NEWSROOM_NOW to "18:02 14.11.2024"
    When umud runs `tick`
    Then the command succeeds
    And the log gained ArticlePublished
    And the ArticlePublished event records published_at at "18:00 14.11.2024"
    And the ArticlePublished event says the clock was pinned
    And article snow is published

  # --- the worker ----------------------------------------------------------------------------

  Scenario: The worker signs as the scheduler, so it needs the scheduler's key
    When kamran runs `worker`
    Then it is refused with exit code 5
    And the error is one line mentioning "is not scheduler's registered key"
    And the error gives the fingerprint of kamran's key as the key in use
    And the error gives the fingerprint of scheduler's key as scheduler's registered key
    And nothing was written

  # --- lifting an embargo ------------------------------------------------------------------

  Scenario: An editor lifts an embargo while it lies ahead
    Given article snow is scheduled for "18:00 14.11.2024"
    And the clock reads "17:00 14.11.2024"
    When kamran runs `unschedule snow`
    Then the command succeeds
    And the log gained PublicationUnscheduled
    And the PublicationUnscheduled event was recorded by kamran as editor
    And the PublicationUnscheduled event records publish_at at "18:00 14.11.2024"
    And article snow is approved

  Scenario: A lifted embargo is never published by a tick
    Given article snow is scheduled for "18:00 14.11.2024"
    And kamran has run `unschedule snow`
    And the clock reads "19:00 14.11.2024"
    When scheduler runs `tick`
    Then the command succeeds
    And nothing was written
    And article snow is approved
    And the ticker is empty

  Scenario: A minute after the embargo it can no longer be lifted
    Given article snow is scheduled for "18:00 14.11.2024"
    And the clock reads "18:01 14.11.2024"
    When kamran runs `unschedule snow`
    Then it is refused with exit code 4
    And the error is one line mentioning "has passed and it is due for publication"
    And nothing was written
    And article snow is scheduled

  # --- retracting under embargo ------------------------------------------------------------

  Scenario: The chief retracts a scheduled article
    Given article snow is scheduled for "18:00 14.11.2024"
    When umud runs `retract snow --reason "The embargo was broken elsewhere."`
    Then the command succeeds
    And the log gained ArticleRetracted
    And the ArticleRetracted event was recorded by umud as chief
    And the ArticleRetracted event records was "scheduled"
    And the ArticleRetracted event gives the reason "The embargo was broken elsewhere."
    And article snow is retracted

  Scenario: A scheduled article retracted after its embargo passed is never published
    Given article snow is scheduled for "18:00 14.11.2024"
    And the clock reads "18:01 14.11.2024"
    And umud has run `retract snow --reason "The embargo was broken elsewhere."`
    And the clock reads "19:00 14.11.2024"
    When scheduler runs `tick`
    Then the command succeeds
    And nothing was written
    And article snow is retracted
    And the ticker is empty
