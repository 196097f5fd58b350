Feature: My work
  An editor or a chief assigns an article to someone on the staff: to a reporter,
  an editor or a chief for writing, to an editor or a chief for review. Review is
  never assigned to someone who drafted or revised the article: four eyes.
  `list --mine` shows what was assigned to you or drafted by you, `list --assigned
  NAME` what was assigned to someone. `inbox` shows what waits for you, newest
  first: an editor or a chief sees the articles in review that they did not draft
  and those assigned them to review; a reporter sees their drafts sent back with
  changes requested and the drafts assigned them to write.

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

  Scenario: An editor assigns a draft to a reporter to write
    Given aysel has drafted article snow headlined "Snow in Baku"
    When kamran runs `assign snow --to rashad --for writing`
    Then the command succeeds
    And the log gained ArticleAssigned
    And the ArticleAssigned event was recorded by kamran as editor
    And the ArticleAssigned event records assignee "rashad"
    And the ArticleAssigned event records work "writing"
    And the ArticleAssigned event records assignee_role "reporter"
    And article snow shows writer "rashad"
    And article snow is draft

  Scenario: Writing is what an article is assigned for unless said otherwise
    Given aysel has drafted article snow headlined "Snow in Baku"
    When umud runs `assign snow --to rashad`
    Then the command succeeds
    And the ArticleAssigned event records work "writing"

  Scenario: A chief assigns an article in review to an editor to review
    Given article snow is in review
    When umud runs `assign snow --to leyla --for review`
    Then the command succeeds
    And the ArticleAssigned event was recorded by umud as chief
    And article snow shows reviewer "leyla"
    And article snow is in review

  Scenario: Show names who the article is assigned to
    Given article snow is in review
    And umud has run `assign snow --to leyla --for review`
    When aysel runs `show snow`
    Then the output says "Assigned to leyla for review"

  Scenario: History names each assignment
    Given article snow is in review
    And umud has run `assign snow --to leyla --for review`
    When aysel runs `history snow`
    Then one line of the output mentions "umud", "assigned to leyla for review"

  Scenario: A reporter may not assign work
    Given aysel has drafted article snow headlined "Snow in Baku"
    When aysel runs `assign snow --to rashad`
    Then it is refused with exit code 5
    And the error is one line mentioning "assigning work needs an editor or above"
    And nothing was written

  Scenario: Work goes only to someone on the staff
    Given aysel has drafted article snow headlined "Snow in Baku"
    When kamran runs `assign snow --to nigar`
    Then it is refused with exit code 3
    And the error is one line mentioning "nigar is not on the staff"
    And nothing was written

  Scenario: A reporter cannot be assigned a review
    Given article snow is in review
    When kamran runs `assign snow --to rashad --for review`
    Then it is refused with exit code 4
    And the error is one line mentioning "rashad is a reporter; only editors or chiefs can be assigned review"
    And nothing was written

  Scenario: The scheduler writes nothing
    Given aysel has drafted article snow headlined "Snow in Baku"
    When kamran runs `assign snow --to scheduler`
    Then it is refused with exit code 4
    And the error is one line mentioning "scheduler is a scheduler"
    And nothing was written

  Scenario: Four eyes: nobody is assigned to review what they wrote
    Given kamran has drafted article snow headlined "Snow in Baku"
    And kamran has run `submit snow`
    When umud runs `assign snow --to kamran --for review`
    Then it is refused with exit code 5
    And the error is one line mentioning "four eyes"
    And nothing was written

  Scenario: An article in review is not assigned for writing
    Given article snow is in review
    When kamran runs `assign snow --to rashad --for writing`
    Then it is refused with exit code 4
    And the error is one line mentioning "Cannot assign the writing of article snow: it is in review"
    And nothing was written

  Scenario: A published article is not assigned for review
    Given article snow is published
    When kamran runs `assign snow --to leyla --for review`
    Then it is refused with exit code 4
    And the error is one line mentioning "it is published"
    And nothing was written

  Scenario: The same assignment twice changes nothing
    Given aysel has drafted article snow headlined "Snow in Baku"
    And kamran has run `assign snow --to rashad`
    When kamran runs `assign snow --to rashad`
    Then it is refused with exit code 4
    And the error is one line mentioning "already assigned to rashad for writing"
    And nothing was written

  Scenario: An assignment sent twice is done once
    Given aysel has drafted article snow headlined "Snow in Baku"
    And kamran has run `assign snow --to rashad --command-id assign-snow-1 --json`
    When kamran runs `assign snow --to rashad --command-id assign-snow-1 --json` again
    Then the command succeeds
    And nothing was written
    And the JSON output repeats the first run's result

  Scenario: An assignment against a stale version is a conflict
    Given aysel has drafted article snow headlined "Snow in Baku"
    And aysel has run `revise snow --body "Schools are closed."`
    When kamran runs `assign snow --to rashad --expected-version 1`
    Then it is refused with exit code 6
    And nothing was written

  Scenario: Work is writing or review
    Given aysel has drafted article snow headlined "Snow in Baku"
    When kamran runs `assign snow --to rashad --for proofreading`
    Then it is refused with exit code 2
    And the error is one line mentioning "--for 'proofreading' is not one of writing, review"
    And nothing was written

  Scenario: An assignee's name must be a staff name
    Given aysel has drafted article snow headlined "Snow in Baku"
    When kamran runs `assign snow --to "Rashad Aliyev"`
    Then it is refused with exit code 2
    And the error is one line mentioning "assignee"
    And nothing was written

  Scenario: There is no such article to assign
    When kamran runs `assign rain --to rashad`
    Then it is refused with exit code 3
    And the error is one line mentioning "There is no article rain"
    And nothing was written

  Scenario: List what was assigned to someone
    Given aysel has drafted article snow headlined "Snow in Baku"
    And aysel has drafted article fair headlined "Book fair opens"
    And article metro is in review
    And kamran has run `assign snow --to rashad`
    And kamran has run `assign metro --to leyla --for review`
    When kamran runs `list --assigned rashad --json`
    Then the JSON output's articles are:
      | article_id | writer | reviewer |
      | snow       | rashad |          |

  Scenario: List my work: assigned to me or drafted by me
    Given aysel has drafted article snow headlined "Snow in Baku"
    And rashad has drafted article bus headlined "Buses run late"
    And aysel has drafted article fair headlined "Book fair opens"
    And kamran has run `assign snow --to rashad`
    When rashad runs `list --mine --json`
    Then the JSON output's articles are:
      | article_id | drafted_by | writer |
      | snow       | aysel      | rashad |
      | bus        | rashad     |        |

  Scenario: An editor's inbox: what waits for review, newest first, not their own
    Given article snow is in review
    And article metro is in review
    And kamran has drafted article own headlined "Kamran's own story"
    And kamran has run `submit own`
    And aysel has drafted article fair headlined "Book fair opens"
    When kamran runs `inbox --json`
    Then the JSON output has name "kamran"
    And the JSON output has role "editor"
    And the JSON output's articles are:
      | article_id | status    |
      | metro      | in_review |
      | snow       | in_review |

  Scenario: An editor's inbox holds what was assigned them to review
    Given aysel has drafted article fair headlined "Book fair opens"
    And umud has run `assign fair --to leyla --for review`
    When leyla runs `inbox --json`
    Then the JSON output's articles are:
      | article_id | status | reviewer |
      | fair       | draft  | leyla    |

  Scenario: A reporter's inbox: drafts sent back and drafts assigned to write
    Given article snow is in review
    And kamran has run `request-changes snow --reason "Needs a second source"`
    And rashad has drafted article bus headlined "Buses run late"
    And kamran has run `assign bus --to aysel`
    And aysel has drafted article fair headlined "Book fair opens"
    When aysel runs `inbox --json`
    Then the JSON output's articles are:
      | article_id | status | writer |
      | bus        | draft  | aysel  |
      | snow       | draft  |        |

  Scenario: The inbox as a table
    Given article snow is in review
    When kamran runs `inbox`
    Then one line of the output mentions "snow", "in_review"

  Scenario: Nothing waits
    When rashad runs `inbox`
    Then the command succeeds
    And the output says "Nothing waits for rashad."

  Scenario: Only the staff has an inbox
    When nigar runs `inbox`
    Then it is refused with exit code 5
    And the error is one line mentioning "nigar is not on the staff"

  Scenario: A log with assignments is lawful and survives export and import
    Given article snow is in review
    And umud has run `assign snow --to leyla --for review`
    And umud has run `verify`
    And umud has run `export day.jsonl`
    And umud has run `import day.jsonl --store sqlite:///restored.db`
    When umud runs `verify --store sqlite:///restored.db`
    Then the command succeeds
    And the store "restored.db" prints what the newsroom's own store prints for:
      | command         |
      | show snow --json |
      | list --json     |

  Scenario: An assignment forged with SQL that makes a reporter a reviewer
    Given article snow is in review
    And a database writer appends ArticleAssigned to article:snow as kamran the editor, signed with kamran's key, with data {"article_id": "snow", "assignee": "rashad", "work": "review", "assignee_role": "editor"}
    When umud runs `verify`
    Then it is refused with exit code 7
    And the error is one line mentioning "unlawful (it says rashad was editor, but they were reporter"
