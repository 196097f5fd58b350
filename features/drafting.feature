Feature: Drafting an article
  Reporters and editors start an article as a draft, revise it until it reads
  well (on the command line, or in their own editor with `revise --edit`), and
  submit it to the editors for review.

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

  Scenario: A reporter drafts an article
    When aysel runs `draft --headline "Snow closes schools in Baku" --category Society --id snow`
    Then the command succeeds
    And the log gained ArticleDrafted
    And the ArticleDrafted event was recorded by aysel as reporter
    And the ArticleDrafted event records headline "Snow closes schools in Baku"
    And the ArticleDrafted event records category "Society"
    And the ArticleDrafted event records byline "aysel"
    And article snow is draft
    And the output says "Article snow: drafted “Snow closes schools in Baku” (Society, en)"

  Scenario: Without --id the article id is made from the headline
    When aysel runs `draft --headline "Snow closes schools in Baku" --category Society --json`
    Then the command succeeds
    And the JSON output has the keys "article_id", "version", "status", "events"
    And the JSON output has article_id "snow-closes-schools-in-baku"
    And the JSON output has status "draft"
    And the JSON output has version "1"

  Scenario: The text of a draft can come from a file
    Given a text file "snow.txt" containing "Schools in Baku stay closed on Friday."
    When aysel runs `draft --headline "Snow in Baku" --category Society --language az --body-file snow.txt --id snow`
    Then the command succeeds
    And the log gained ArticleDrafted
    And article snow shows body "Schools in Baku stay closed on Friday."
    And article snow shows language "az"

  Scenario: An article id can be used only once
    Given aysel has drafted article snow headlined "Snow in Baku"
    When rashad runs `draft --headline "Snow again" --category Society --id snow`
    Then it is refused with exit code 4
    And the error is one line mentioning "already exists"
    And nothing was written

  Scenario: A draft needs a headline
    When aysel runs `draft --headline "" --category Society --id snow`
    Then it is refused with exit code 2
    And the error is one line mentioning "headline must not be empty"
    And nothing was written

  Scenario: An article id is lower-case letters, digits and dashes
    When aysel runs `draft --headline "Snow in Baku" --category Society --id "Snow Day"`
    Then it is refused with exit code 2
    And the error is one line mentioning "lower-case letters, digits and dashes"
    And nothing was written

  Scenario: A draft is written in Azerbaijani, English or Russian
    When aysel runs `draft --headline "Schnee in Baku" --category Society --language de --id snow`
    Then it is refused with exit code 2
    And the error is one line mentioning "language 'de'"
    And nothing was written

  Scenario: A reporter revises a draft, and only what changed is recorded
    Given aysel has drafted article snow headlined "Snow in Baku"
    When aysel runs `revise snow --headline "Heavy snow in Baku" --category Society`
    Then the command succeeds
    And the log gained ArticleRevised
    And the ArticleRevised event records headline "Heavy snow in Baku"
    And the ArticleRevised event records no category
    And article snow shows headline "Heavy snow in Baku"
    And article snow is draft

  Scenario: An editor may revise a reporter's draft
    Given aysel has drafted article snow headlined "Snow in Baku"
    When kamran runs `revise snow --body "Schools are closed."`
    Then the command succeeds
    And the ArticleRevised event was recorded by kamran as editor
    And article snow shows body "Schools are closed."

  Scenario: A revision that changes nothing is refused
    Given aysel has drafted article snow headlined "Snow in Baku"
    When aysel runs `revise snow --headline "Snow in Baku"`
    Then it is refused with exit code 4
    And the error is one line mentioning "changes nothing"
    And nothing was written

  Scenario: A revision must say what to change
    Given aysel has drafted article snow headlined "Snow in Baku"
    When aysel runs `revise snow`
    Then it is refused with exit code 2
    And the error is one line mentioning "Say what to revise"
    And nothing was written

  Scenario: An article in review can no longer be revised
    Given article snow is in review
    When aysel runs `revise snow --headline "Heavy snow in Baku"`
    Then it is refused with exit code 4
    And the error is one line mentioning "it is in review"
    And nothing was written

  Scenario: Revising an article that does not exist
    When aysel runs `revise nowhere --headline "Heavy snow"`
    Then it is refused with exit code 3
    And the error is one line mentioning "There is no article nowhere"
    And nothing was written

  Scenario: A reporter submits a draft for review
    Given aysel has drafted article snow headlined "Snow in Baku"
    When aysel runs `submit snow`
    Then the command succeeds
    And the log gained ArticleSubmitted
    And the ArticleSubmitted event was recorded by aysel as reporter
    And article snow is in review

  Scenario: An article already in review cannot be submitted again
    Given article snow is in review
    When aysel runs `submit snow`
    Then it is refused with exit code 4
    And the error is one line mentioning "allowed only when it is a draft"
    And nothing was written

  Scenario: Submitting an article that does not exist
    When aysel runs `submit nowhere`
    Then it is refused with exit code 3
    And the error is one line mentioning "There is no article nowhere"
    And nothing was written

  Scenario: An article shows its headline, text, section and photos as JSON
    Given aysel has drafted article snow headlined "Snow in Baku"
    And a JPEG image "snow.jpg"
    And aysel has run `photo add snow snow.jpg --caption "Baku in snow" --credit "Aysel M."`
    When kamran runs `show snow --json`
    Then the command succeeds
    And the JSON output has the keys "article_id", "version", "status", "headline", "body", "category", "language", "photos", "published_at", "corrections"
    And every one of the JSON output's photos has the keys "photo_id", "file", "caption", "credit"
    And the JSON output has version "2"
    And the JSON output has no published_at

  Scenario: Global options work before the command too
    Given aysel has drafted article snow headlined "Snow in Baku"
    When kamran runs `--json show snow`
    Then the command succeeds
    And the JSON output has headline "Snow in Baku"

  Scenario: Showing an article that does not exist
    When kamran runs `show nowhere`
    Then it is refused with exit code 3
    And the error is one line mentioning "There is no article nowhere"
    And nothing was written

  Scenario: A reporter revises the headline and text in their own editor
    Given aysel has run `draft --id snow --headline "Snow in Bakku" --category Society --body "Schools are closed."`
    And the editor rewrites "Bakku" as "Baku"
    When aysel runs `revise snow --edit`
    Then the command succeeds
    And the log gained ArticleRevised
    And the ArticleRevised event records headline "Snow in Baku"
    And the ArticleRevised event records no body
    And article snow shows headline "Snow in Baku"
    And article snow shows body "Schools are closed."

  Scenario: The text changed in the editor is revised too
    Given aysel has run `draft --id snow --headline "Snow in Baku" --category Society --body "Schools are clsoed."`
    And the editor rewrites "clsoed" as "closed"
    When aysel runs `revise snow --edit`
    Then the command succeeds
    And the ArticleRevised event records body "Schools are closed."
    And the ArticleRevised event records no headline

  Scenario: Leaving the editor without a change writes nothing
    Given aysel has drafted article snow headlined "Snow in Baku"
    And the editor changes nothing in the file
    When aysel runs `revise snow --edit`
    Then the command succeeds
    And nothing was written
    And the output says "Nothing changed in article snow; nothing was written."

  Scenario: An edited headline cannot be empty
    Given aysel has drafted article snow headlined "Snow in Baku"
    And the editor empties the headline of the file
    When aysel runs `revise snow --edit`
    Then it is refused with exit code 2
    And the error is one line mentioning "The headline (the file's first line) is empty"
    And nothing was written

  Scenario: An editor that fails writes nothing
    Given aysel has drafted article snow headlined "Snow in Baku"
    And the editor gives up on the file
    When aysel runs `revise snow --edit`
    Then it is refused with exit code 2
    And the error is one line mentioning "The editor exited with status 1; nothing was written."
    And nothing was written

  Scenario: Revising in the editor and on the command line at once
    Given aysel has drafted article snow headlined "Snow in Baku"
    When aysel runs `revise snow --edit --headline "Snow"`
    Then it is refused with exit code 2
    And the error is one line mentioning "Give --edit or --headline/--body/--body-file, not both."
    And nothing was written

  Scenario: Editing an article that does not exist
    Given the editor changes nothing in the file
    When aysel runs `revise nowhere --edit`
    Then it is refused with exit code 3
    And the error is one line mentioning "There is no article nowhere"

  Scenario: An article in review is not opened in the editor
    Given article snow is in review
    And the editor gives up on the file
    When aysel runs `revise snow --edit`
    Then it is refused with exit code 4
    And the error is one line mentioning "Cannot revise article snow: it is in review"
    And nothing was written
