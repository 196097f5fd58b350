Feature: Review
  An editor reads an article in review and either approves it or sends it back
  to draft, saying why; an approved article not yet published can still be sent
  back. The reporter who submitted an article may withdraw it while it is in review. Four eyes: nobody approves an article they drafted or
  revised.

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

  Scenario: An editor approves an article in review
    Given article snow is in review
    When kamran runs `approve snow`
    Then the command succeeds
    And the log gained ArticleApproved
    And the ArticleApproved event was recorded by kamran as editor
    And article snow is approved
    And the output says "now approved, version 3"

  Scenario: An editor sends an article back to draft, saying why
    Given article snow is in review
    When kamran runs `request-changes snow --reason "Needs a second source"`
    Then the command succeeds
    And the log gained ChangesRequested
    And the ChangesRequested event was recorded by kamran as editor
    And the ChangesRequested event records reason "Needs a second source"
    And the ChangesRequested event gives the reason "Needs a second source"
    And article snow is draft

  Scenario: After changes are requested the reporter revises and submits again
    Given article snow is in review
    And kamran has run `request-changes snow --reason "Needs a second source"`
    And aysel has run `revise snow --body "The mayor's office confirmed it."`
    When aysel runs `submit snow`
    Then the command succeeds
    And the log gained ArticleSubmitted
    And article snow is in review

  Scenario: Requesting changes needs a reason
    Given article snow is in review
    When kamran runs `request-changes snow`
    Then it is refused with exit code 2
    And the error is one line mentioning "--reason"
    And nothing was written

  Scenario: Requesting changes with an empty reason
    Given article snow is in review
    When kamran runs `request-changes snow --reason ""`
    Then it is refused with exit code 2
    And the error is one line mentioning "reason must not be empty"
    And nothing was written

  Scenario: An editor sends an approved article back to draft before it is published
    Given article snow is approved
    When leyla runs `request-changes snow --reason "The figures changed this morning"`
    Then the command succeeds
    And the log gained ChangesRequested
    And the ChangesRequested event records reason "The figures changed this morning"
    And article snow is draft

  Scenario: An approved article sent back needs a new approval
    Given article snow is approved
    And leyla has run `request-changes snow --reason "The figures changed this morning"`
    And aysel has run `revise snow --body "The new figures."`
    And aysel has run `submit snow`
    When kamran runs `publish snow`
    Then it is refused with exit code 4
    And the error is one line mentioning "it is in review; that is allowed only when it is approved"
    And nothing was written

  Scenario: A published article is corrected, not sent back
    Given article snow is published
    When leyla runs `request-changes snow --reason "Too late"`
    Then it is refused with exit code 4
    And the error is one line mentioning "it is published; that is allowed only when it is in review or approved"
    And nothing was written

  Scenario: Changes can only be requested for an article in review
    Given aysel has drafted article snow headlined "Snow in Baku"
    When kamran runs `request-changes snow --reason "Needs a second source"`
    Then it is refused with exit code 4
    And the error is one line mentioning "allowed only when it is in review"
    And nothing was written

  Scenario: A reporter cannot request changes
    Given article snow is in review
    When rashad runs `request-changes snow --reason "Too short"`
    Then it is refused with exit code 5
    And the error is one line mentioning "rashad is a reporter"
    And nothing was written

  Scenario: A draft cannot be approved
    Given aysel has drafted article snow headlined "Snow in Baku"
    When kamran runs `approve snow`
    Then it is refused with exit code 4
    And the error is one line mentioning "it is a draft; that is allowed only when it is in review"
    And nothing was written

  Scenario: An approved article cannot be approved again
    Given article snow is approved
    When leyla runs `approve snow`
    Then it is refused with exit code 4
    And the error is one line mentioning "it is approved"
    And nothing was written

  Scenario: A reporter cannot approve
    Given article snow is in review
    When rashad runs `approve snow`
    Then it is refused with exit code 5
    And the error is one line mentioning "approving needs an editor or above"
    And nothing was written

  Scenario: Four eyes: an editor cannot approve an article they drafted
    Given leyla has drafted article frost headlined "Frost in Ganja"
    And leyla has run `submit frost`
    When leyla runs `approve frost`
    Then it is refused with exit code 5
    And the error is one line mentioning "four eyes"
    And nothing was written

  Scenario: Four eyes: an editor cannot approve an article they revised
    Given aysel has drafted article snow headlined "Snow in Baku"
    And kamran has run `revise snow --headline "Heavy snow in Baku"`
    And aysel has run `submit snow`
    When kamran runs `approve snow`
    Then it is refused with exit code 5
    And the error is one line mentioning "kamran drafted or revised article snow"
    And nothing was written

  Scenario: Four eyes: a chief cannot approve an article they drafted either
    Given umud has drafted article budget headlined "Budget for 2025 adopted"
    And umud has run `submit budget`
    When umud runs `approve budget`
    Then it is refused with exit code 5
    And the error is one line mentioning "four eyes"
    And nothing was written

  Scenario: Another editor approves what a colleague revised
    Given aysel has drafted article snow headlined "Snow in Baku"
    And kamran has run `revise snow --headline "Heavy snow in Baku"`
    And aysel has run `submit snow`
    When leyla runs `approve snow`
    Then the command succeeds
    And the log gained ArticleApproved
    And the ArticleApproved event was recorded by leyla as editor

  Scenario: Approving an article that does not exist
    When kamran runs `approve nowhere`
    Then it is refused with exit code 3
    And the error is one line mentioning "There is no article nowhere"
    And nothing was written

  Scenario: The reporter who submitted an article withdraws it back to draft
    Given article snow is in review
    When aysel runs `withdraw snow --reason "A figure is wrong"`
    Then the command succeeds
    And the log gained ArticleWithdrawn
    And the ArticleWithdrawn event was recorded by aysel as reporter
    And the ArticleWithdrawn event records reason "A figure is wrong"
    And article snow is draft

  Scenario: A withdrawn article is revised and submitted again
    Given article snow is in review
    And aysel has run `withdraw snow`
    And aysel has run `revise snow --body "The figure is fixed."`
    When aysel runs `submit snow`
    Then the command succeeds
    And article snow is in review

  Scenario: Only the reporter who submitted an article can withdraw it
    Given article snow is in review
    When rashad runs `withdraw snow`
    Then it is refused with exit code 5
    And the error is one line mentioning "aysel submitted article snow; only they can withdraw it"
    And nothing was written

  Scenario: An editor sends an article back with request-changes, not withdraw
    Given article snow is in review
    When kamran runs `withdraw snow`
    Then it is refused with exit code 5
    And the error is one line mentioning "request-changes"
    And nothing was written

  Scenario: Only an article in review can be withdrawn
    Given article snow is approved
    When aysel runs `withdraw snow`
    Then it is refused with exit code 4
    And the error is one line mentioning "it is approved; that is allowed only when it is in review"
    And nothing was written

  Scenario: Withdrawing an article that does not exist
    When aysel runs `withdraw nowhere`
    Then it is refused with exit code 3
    And the error is one line mentioning "There is no article nowhere"
    And nothing was written
