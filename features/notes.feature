Feature: Internal notes
  Reporter and editor talk about an article in notes kept with it: `note ID "text"`.
  A note is the newsroom's own. `show` and `history` give it to the staff; it is never
  published: not on the site, not on the News line, and no publishing hook hears it.

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

  Scenario: An editor leaves a note for the reporter
    Given article snow is in review
    When kamran runs `note snow "Can we get the mayor's office on the record?"`
    Then the command succeeds
    And the log gained NoteAdded
    And the NoteAdded event was recorded by kamran as editor
    And the NoteAdded event records text "Can we get the mayor's office on the record?"
    And article snow is in review

  Scenario: The note is shown with the article, apart from what readers see
    Given article snow is in review
    And kamran has run `note snow "Can we get the mayor's office on the record?"`
    When aysel runs `show snow`
    Then the command succeeds
    And the output says "Internal notes (never published)"
    And one line of the output mentions "10:00 14.11.2024", "kamran", "Can we get the mayor's office on the record?"

  Scenario: The note is in the article's history
    Given article snow is a draft
    And aysel has run `note snow "Photos come this afternoon"`
    When kamran runs `history snow`
    Then the command succeeds
    And one line of the output mentions "aysel", "reporter", "NoteAdded", "Photos come this afternoon"

  Scenario: A note on a published article never reaches readers
    Given article snow headlined "Snow in Baku" is published
    And kamran has run `note snow "The source asked us to call before any follow-up"`
    When rashad runs `site build site`
    Then the command succeeds
    And the page "site/articles/snow.html" does not say "The source asked us"
    And the ticker reads:
      """
      Snow in Baku
      10:00 14.11.2024
      """

  Scenario: No publishing hook can ask for notes
    When umud runs `hooks add leak --on NoteAdded --url https://example.org/in`
    Then it is refused with exit code 2
    And the error is one line mentioning "Unknown event type 'NoteAdded'"
    And nothing was written

  Scenario: A note makes nobody an author: four eyes is as it was
    Given article snow is a draft
    And kamran has run `note snow "Lead with the school closures"`
    And aysel has run `submit snow`
    When kamran runs `approve snow`
    Then the command succeeds

  Scenario: A note cannot be empty
    Given article snow is a draft
    When kamran runs `note snow ""`
    Then it is refused with exit code 2
    And the error is one line mentioning "must not be empty"
    And nothing was written

  Scenario: A note on an article that does not exist
    When kamran runs `note nowhere "Hello"`
    Then it is refused with exit code 3
    And the error is one line mentioning "There is no article nowhere"
    And nothing was written

  Scenario: The scheduler writes no notes
    Given article snow is a draft
    When scheduler runs `note snow "Beep"`
    Then it is refused with exit code 5
    And the error is one line mentioning "writing notes needs a reporter or above"
    And nothing was written
