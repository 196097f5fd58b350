Feature: Concurrency and idempotency
  An editor who says which version of an article they looked at
  (--expected-version) is refused if someone else changed it since: a conflict,
  and nothing is written. A command sent twice with the same --command-id
  is done once: the second run writes nothing and reports the first result.

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

  Scenario: A command at the version the editor looked at goes through
    Given article snow is in review
    When kamran runs `approve snow --expected-version 2`
    Then the command succeeds
    And the log gained ArticleApproved

  Scenario: A stale expected version is a conflict
    Given aysel has drafted article snow headlined "Snow in Baku"
    And rashad has run `revise snow --body "Schools are closed."`
    When aysel runs `revise snow --headline "Heavy snow in Baku" --expected-version 1`
    Then it is refused with exit code 6
    And the error is one line mentioning "at version 2, not 1"
    And nothing was written

  Scenario: A conflict as JSON
    Given article snow is in review
    When kamran runs `approve snow --expected-version 1 --json`
    Then it is refused with exit code 6
    And the error is JSON with code "conflict"
    And the JSON error message mentions "Nothing was written"
    And nothing was written

  Scenario Outline: Every write command checks the expected version
    Given article snow is <state>
    When <person> runs `<command> --expected-version 1`
    Then it is refused with exit code 6
    And the error is one line mentioning "not 1"
    And nothing was written

    Examples:
      | state                            | person | command                              |
      | in review                        | kamran | request-changes snow --reason "Thin" |
      | in review                        | kamran | spike snow                           |
      | approved                         | kamran | publish snow                         |
      | approved                         | kamran | publish snow --at "18:00 14.11.2024" |
      | scheduled for "18:00 14.11.2024" | kamran | unschedule snow                      |
      | published                        | kamran | correct snow --note "Spelling."      |
      | published                        | umud   | retract snow --reason "Wrong facts." |

  Scenario: A photo added against a stale version leaves the media folder as it was
    Given aysel has drafted article snow headlined "Snow in Baku"
    And rashad has run `revise snow --body "Schools are closed."`
    And a JPEG image "snow.jpg"
    When aysel runs `photo add snow snow.jpg --expected-version 1`
    Then it is refused with exit code 6
    And the error is one line mentioning "at version 2, not 1"
    And nothing was written
    And the media folder is empty

  Scenario: A command sent twice is done once
    Given aysel has run `draft --headline "Snow in Baku" --category Society --id snow --command-id draft-snow-1 --json`
    When aysel runs `draft --headline "Snow in Baku" --category Society --id snow --command-id draft-snow-1 --json` again
    Then the command succeeds
    And nothing was written
    And the JSON output repeats the first run's result

  Scenario: A command sent twice says it was already done
    Given article snow is in review
    And kamran has run `approve snow --command-id approve-snow-1`
    When kamran runs `approve snow --command-id approve-snow-1` again
    Then the command succeeds
    And nothing was written
    And the output says "Already done (same command id)"
    And the output says "now approved, version 3"

  Scenario: A command sent again after the article moved on is still done once
    Given aysel has drafted article snow headlined "Snow in Baku"
    And aysel has run `submit snow --command-id submit-snow-1 --json`
    And kamran has run `approve snow`
    When aysel runs `submit snow --command-id submit-snow-1 --json` again
    Then the command succeeds
    And nothing was written
    And the JSON output repeats the first run's result

  Scenario: A tick sent twice publishes once
    Given article snow is scheduled for "18:00 14.11.2024"
    And the clock reads "18:30 14.11.2024"
    And scheduler has run `tick --command-id tick-1830`
    When scheduler runs `tick --command-id tick-1830` again
    Then the command succeeds
    And nothing was written

  Scenario: A command id cannot be reused for another command
    Given aysel has run `draft --headline "Snow in Baku" --category Society --id snow --command-id cmd-1`
    When aysel runs `submit snow --command-id cmd-1`
    Then it is refused with exit code 2
    And the error is one line mentioning "Command id cmd-1 was already used"
    And nothing was written

  Scenario: A command id cannot be reused for another article
    Given article snow is in review
    And article frost is in review
    And kamran has run `approve snow --command-id approve-1`
    When kamran runs `approve frost --command-id approve-1`
    Then it is refused with exit code 2
    And the error is one line mentioning "already used"
    And nothing was written

  Scenario: A command id cannot be reused for a different revision
    Given aysel has drafted article snow headlined "Snow in Baku"
    And aysel has run `revise snow --headline "Heavy snow in Baku" --command-id revise-1`
    When aysel runs `revise snow --headline "Snow closes schools" --command-id revise-1`
    Then it is refused with exit code 2
    And the error is one line mentioning "already used"
    And nothing was written
