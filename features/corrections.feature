Feature: Corrections
  A published article can be corrected: a new headline, text, section or byline,
  always with a public note saying what was corrected. The News line shows the corrected
  headline in the same place.

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

  Scenario: An editor corrects the headline of a published article
    Given article snow headlined "Snow in Bakku" is published
    And the clock reads "11:00 14.11.2024"
    When kamran runs `correct snow --headline "Snow in Baku" --note "The headline misspelt Baku."`
    Then the command succeeds
    And the log gained ArticleCorrected
    And the ArticleCorrected event was recorded by kamran as editor
    And the ArticleCorrected event records headline "Snow in Baku"
    And the ArticleCorrected event records note "The headline misspelt Baku."
    And the ArticleCorrected event gives the reason "The headline misspelt Baku."
    And article snow is published
    And article snow shows headline "Snow in Baku"
    And article snow has the correction note "The headline misspelt Baku."
    And the ticker reads:
      """
      Snow in Baku
      10:00 14.11.2024
      """

  Scenario: An editor corrects the text and leaves the headline alone
    Given article snow headlined "Snow in Baku" is published
    When leyla runs `correct snow --body "Schools stay closed until Monday." --note "The reopening date was wrong."`
    Then the command succeeds
    And the log gained ArticleCorrected
    And the ArticleCorrected event records body "Schools stay closed until Monday."
    And the ArticleCorrected event records no headline
    And article snow shows body "Schools stay closed until Monday."
    And article snow shows headline "Snow in Baku"

  Scenario: A correction may be a note only
    Given article snow headlined "Snow in Baku" is published
    When kamran runs `correct snow --headline "Snow in Baku" --note "An earlier version named the wrong school."`
    Then the command succeeds
    And the log gained ArticleCorrected
    And the ArticleCorrected event records no headline
    And the ArticleCorrected event records no body
    And the output says "corrected note only"

  Scenario: An article's own author cannot correct its text
    Given article snow headlined "Snow in Bakku" is published
    And kamran has run `correct snow --headline "Snow in Baku" --note "Spelling of Baku."`
    When kamran runs `correct snow --body "Schools stay closed." --note "A second thought."`
    Then it is refused with exit code 5
    And the error is one line mentioning "four eyes: another editor must correct its text"
    And nothing was written

  Scenario: Another editor may correct the text an editor corrected
    Given article snow headlined "Snow in Bakku" is published
    And kamran has run `correct snow --headline "Snow in Baku" --note "Spelling of Baku."`
    When leyla runs `correct snow --body "Schools stay closed." --note "The closure."`
    Then the command succeeds
    And the log gained ArticleCorrected

  Scenario: An author may still add a note that changes no text
    Given article snow headlined "Snow in Bakku" is published
    And kamran has run `correct snow --headline "Snow in Baku" --note "Spelling of Baku."`
    When kamran runs `correct snow --note "The photo shows Nizami Street, not Fountain Square."`
    Then the command succeeds
    And the ArticleCorrected event records no headline

  Scenario: Corrected text passes lint as an approval does
    Given article snow headlined "Snow in Bakku" is published
    When kamran runs `correct snow --headline "Snow in Bаku" --note "Spelling of Baku."`
    Then it is refused with exit code 4
    And the error is one line mentioning "correct with --allow-lint REASON"
    And nothing was written

  Scenario: Corrected text that lint refuses goes out when the editor says why
    Given article snow headlined "Snow in Bakku" is published
    When kamran runs `correct snow --headline "Snow in Bаku" --note "Spelling." --allow-lint "The agency's own spelling"`
    Then the command succeeds
    And the ArticleCorrected event records lint_override "The agency's own spelling"
    And the output says "corrected headline despite lint errors"

  Scenario: A correction needs a public note
    Given article snow is published
    When kamran runs `correct snow --headline "Snow in Baku"`
    Then it is refused with exit code 2
    And the error is one line mentioning "--note"
    And nothing was written

  Scenario: A correction note cannot be empty
    Given article snow is published
    When kamran runs `correct snow --headline "Snow in Baku" --note ""`
    Then it is refused with exit code 2
    And the error is one line mentioning "note must not be empty"
    And nothing was written

  Scenario Outline: Only a published article can be corrected
    Given article snow is <state>
    When kamran runs `correct snow --headline "Snow in Baku" --note "Spelling."`
    Then it is refused with exit code 4
    And the error is one line mentioning "allowed only when it is published"
    And nothing was written

    Examples:
      | state                            |
      | approved                         |
      | scheduled for "18:00 14.11.2024" |
      | retracted                        |

  Scenario: A reporter cannot correct a published article
    Given article snow is published
    When aysel runs `correct snow --headline "Snow in Baku" --note "Spelling."`
    Then it is refused with exit code 5
    And the error is one line mentioning "correcting needs an editor or above"
    And nothing was written

  Scenario: Correcting an article that does not exist
    When kamran runs `correct nowhere --headline "Snow" --note "Spelling."`
    Then it is refused with exit code 3
    And the error is one line mentioning "There is no article nowhere"
    And nothing was written

  Scenario: An editor moves a published article to the right section
    Given article snow headlined "Snow in Baku" is published
    When leyla runs `correct snow --category Weather --note "This story belongs under Weather."`
    Then the command succeeds
    And the log gained ArticleCorrected
    And the ArticleCorrected event records category "Weather"
    And the ArticleCorrected event records no headline
    And the ArticleCorrected event records no body
    And article snow shows category "Weather"
    And article snow shows headline "Snow in Baku"
    And the output says "corrected category"

  Scenario: An editor corrects the byline of a published article
    Given article snow headlined "Snow in Baku" is published
    When leyla runs `correct snow --byline "Aysel Mammadova and Rashad Aliyev" --note "Rashad Aliyev also reported this story."`
    Then the command succeeds
    And the ArticleCorrected event records byline "Aysel Mammadova and Rashad Aliyev"
    And article snow shows byline "Aysel Mammadova and Rashad Aliyev"
    And article snow has the correction note "Rashad Aliyev also reported this story."
    And the log still verifies

  Scenario: The section an article is already in is no correction of it
    Given article snow headlined "Snow in Baku" is published
    When leyla runs `correct snow --category Society --note "Checked the section."`
    Then the command succeeds
    And the ArticleCorrected event records no category
    And the output says "corrected note only"

  Scenario: Four eyes: whoever corrected an article cannot change its byline
    Given article snow headlined "Snow in Bakku" is published
    And kamran has run `correct snow --headline "Snow in Baku" --note "Spelling of Baku."`
    When kamran runs `correct snow --byline "Kamran" --note "Kamran rewrote it."`
    Then it is refused with exit code 5
    And the error is one line mentioning "four eyes"
    And nothing was written

  Scenario: A corrected section cannot be empty
    Given article snow headlined "Snow in Baku" is published
    When leyla runs `correct snow --category "" --note "No section."`
    Then it is refused with exit code 2
    And the error is one line mentioning "--category must not be empty"
    And nothing was written
