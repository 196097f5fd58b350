Feature: Preview
  `preview ID` renders an article's page as the site would publish it, before it is
  published: to read it as readers will. It writes nothing to the log; the page goes
  to standard output, or to a new file with --out.

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
    And aysel has run `draft --id snow --headline "Snow in Baku" --category Society --byline "Aysel Mammadova" --body "Schools are closed."`

  Scenario: An editor previews an article in review as readers will see it
    Given aysel has run `submit snow`
    When kamran runs `preview snow --out snow.html`
    Then the command succeeds
    And nothing was written
    And the page "snow.html" has the heading "Snow in Baku"
    And the page "snow.html" says "Society 10:00 14.11.2024"
    And the page "snow.html" says "By Aysel Mammadova"
    And the article on "snow.html" has the paragraphs "Schools are closed."

  Scenario: The preview goes to standard output by default
    When aysel runs `preview snow`
    Then the command succeeds
    And the output says "<h1>Snow in Baku</h1>"

  Scenario: An embargoed article is previewed at its embargo time
    Given aysel has run `submit snow`
    And kamran has run `approve snow`
    And kamran has run `publish snow --at "18:00 14.11.2024"`
    When kamran runs `preview snow --out snow.html`
    Then the command succeeds
    And the page "snow.html" says "Society 18:00 14.11.2024"

  Scenario: Internal notes are not in the preview
    Given kamran has run `note snow "Check the school list with the ministry"`
    When kamran runs `preview snow --out snow.html`
    Then the command succeeds
    And the page "snow.html" does not say "ministry"

  Scenario: A spiked article has no page to preview
    Given kamran has run `spike snow`
    When kamran runs `preview snow`
    Then it is refused with exit code 4
    And the error is one line mentioning "Article snow is spiked: it will never be published"

  Scenario: Previewing an article that does not exist
    When kamran runs `preview nowhere`
    Then it is refused with exit code 3
    And the error is one line mentioning "There is no article nowhere"

  Scenario: A preview never replaces a file by mistake
    Given a text file "snow.html" containing "my notes"
    When kamran runs `preview snow --out snow.html`
    Then it is refused with exit code 2
    And the error is one line mentioning "already exists; give --force to replace it"
    And the file "snow.html" still contains "my notes"
