Feature: Retraction and spiking
  A chief retracts a published or scheduled article for good, saying why; it
  leaves the News line. An editor spikes a draft, an article in review or an
  approved one not yet published: it is dropped for good. Both are final, so at a
  terminal newsroom asks first (`--yes` answers for you); a script, with no terminal, is
  never asked and never hangs.

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

  Scenario: The chief retracts a published article
    Given article snow headlined "Snow in Baku" is published
    When umud runs `retract snow --reason "The quotes could not be verified."`
    Then the command succeeds
    And the log gained ArticleRetracted
    And the ArticleRetracted event was recorded by umud as chief
    And the ArticleRetracted event records was "published"
    And the ArticleRetracted event records reason "The quotes could not be verified."
    And the ArticleRetracted event gives the reason "The quotes could not be verified."
    And article snow is retracted
    And the ticker is empty

  Scenario: The chief retracts a scheduled article before it appears
    Given article snow is scheduled for "18:00 14.11.2024"
    When umud runs `retract snow --reason "The embargo was broken elsewhere."`
    Then the command succeeds
    And the log gained ArticleRetracted
    And the ArticleRetracted event records was "scheduled"
    And article snow is retracted

  Scenario: A retracted scheduled article is not published when its time comes
    Given article snow is scheduled for "18:00 14.11.2024"
    And umud has run `retract snow --reason "The embargo was broken elsewhere."`
    And the clock reads "19:00 14.11.2024"
    When kamran runs `tick`
    Then the command succeeds
    And nothing was written
    And article snow is retracted
    And the ticker is empty

  Scenario: An editor cannot retract
    Given article snow is published
    When kamran runs `retract snow --reason "Wrong facts."`
    Then it is refused with exit code 5
    And the error is one line mentioning "retracting needs a chief"
    And nothing was written

  Scenario: A retraction needs a reason
    Given article snow is published
    When umud runs `retract snow`
    Then it is refused with exit code 2
    And the error is one line mentioning "--reason"
    And nothing was written

  Scenario: A retraction reason cannot be empty
    Given article snow is published
    When umud runs `retract snow --reason ""`
    Then it is refused with exit code 2
    And the error is one line mentioning "reason must not be empty"
    And nothing was written

  Scenario Outline: Only a published or scheduled article can be retracted
    Given article snow is <state>
    When umud runs `retract snow --reason "Wrong facts."`
    Then it is refused with exit code 4
    And the error is one line mentioning "allowed only when it is published or scheduled"
    And nothing was written

    Examples:
      | state     |
      | a draft   |
      | in review |
      | approved  |
      | spiked    |
      | retracted |

  Scenario: Retracting an article that does not exist
    When umud runs `retract nowhere --reason "Wrong facts."`
    Then it is refused with exit code 3
    And the error is one line mentioning "There is no article nowhere"
    And nothing was written

  Scenario: An editor spikes a draft
    Given aysel has drafted article snow headlined "Snow in Baku"
    When kamran runs `spike snow --reason "We covered this yesterday."`
    Then the command succeeds
    And the log gained ArticleSpiked
    And the ArticleSpiked event was recorded by kamran as editor
    And the ArticleSpiked event records reason "We covered this yesterday."
    And article snow is spiked

  Scenario: An editor spikes an article in review
    Given article snow is in review
    When leyla runs `spike snow`
    Then the command succeeds
    And the log gained ArticleSpiked
    And article snow is spiked

  Scenario Outline: An article past review cannot be spiked
    Given article snow is <state>
    When kamran runs `spike snow`
    Then it is refused with exit code 4
    And the error is one line mentioning "allowed only when it is a draft, in review or approved"
    And nothing was written

    Examples:
      | state     |
      | published |
      | spiked    |

  Scenario: An editor spikes an approved article before it is published
    Given article snow is approved
    When leyla runs `spike snow --reason "The story fell through."`
    Then the command succeeds
    And the log gained ArticleSpiked
    And the ArticleSpiked event records reason "The story fell through."
    And article snow is spiked

  Scenario: A scheduled article is retracted, not spiked
    Given article snow is scheduled for "18:00 14.11.2024"
    When kamran runs `spike snow`
    Then it is refused with exit code 4
    And the error is one line mentioning "it is scheduled; that is allowed only when it is a draft, in review or approved"
    And nothing was written

  Scenario: A reporter cannot spike
    Given aysel has drafted article snow headlined "Snow in Baku"
    When aysel runs `spike snow`
    Then it is refused with exit code 5
    And the error is one line mentioning "spiking needs an editor or above"
    And nothing was written

  Scenario: A spiked article stays spiked
    Given article snow is spiked
    When aysel runs `submit snow`
    Then it is refused with exit code 4
    And the error is one line mentioning "it is spiked"
    And nothing was written

  Scenario: At a terminal the chief is asked before retracting, and says yes
    Given article snow headlined "Snow in Baku" is published
    And the person at the terminal answers "y"
    When umud runs `retract snow --reason "The quotes could not be verified."`
    Then it asked "Retract article snow (“Snow in Baku”) for good?" and went ahead
    And article snow is retracted

  Scenario: At a terminal, anything but yes retracts nothing
    Given article snow headlined "Snow in Baku" is published
    And the person at the terminal answers "n"
    When umud runs `retract snow --reason "The quotes could not be verified."`
    Then it is refused with exit code 4
    And the error is one line mentioning "Article snow was not retracted: not confirmed. Nothing was written."
    And nothing was written
    And article snow is published

  Scenario: --yes answers for the person at the terminal
    Given article snow is in review
    And the person at the terminal answers "n"
    When kamran runs `spike snow --yes`
    Then the command succeeds
    And article snow is spiked

  Scenario: At a terminal a spike is asked about too
    Given article snow headlined "Snow in Baku" is in review
    And the person at the terminal answers "maybe"
    When kamran runs `spike snow`
    Then it is refused with exit code 4
    And the error is one line mentioning "Article snow was not spiked: not confirmed"
    And nothing was written

  Scenario: A script is never asked, so it never hangs
    Given article snow is in review
    When kamran runs `spike snow --reason "Duplicate"`
    Then the command succeeds
    And the log gained ArticleSpiked
