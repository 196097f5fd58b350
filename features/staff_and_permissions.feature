Feature: Staff and permissions
  Everyone who acts is on the staff, in a role. Reporters draft, revise, add
  photos and submit; editors also request changes, approve, publish, unschedule,
  correct and spike; chiefs also retract and manage the staff. Anyone on the staff
  may run the tick; the member named scheduler (cron's and the worker's) does only that.
  A chief may remove someone from the staff: what they did stays, but they can act
  no more and their key signs nothing new; the last chief cannot be removed.
  A refused action says why, writes nothing and exits non-zero.

  Scenario: Creating the newsroom makes its first chief
    Given a newsroom with no store yet
    When umud runs `init --chief umud`
    Then the command succeeds
    And the log gained StaffMemberAdded and LogKeyChanged
    And the StaffMemberAdded event was recorded by umud
    And the StaffMemberAdded event records name "umud"
    And the StaffMemberAdded event records role "chief"
    And the output says "with umud as chief"

  Scenario: The chief takes on the scheduler, under its own name and key
    Given a newsroom with no store yet
    And umud has run `init --chief umud`
    When umud runs `staff add scheduler --role scheduler`
    Then the command succeeds
    And the log gained StaffMemberAdded
    And the StaffMemberAdded event was recorded by umud as chief
    And the StaffMemberAdded event records name "scheduler"
    And the StaffMemberAdded event records role "scheduler"
    And the StaffMemberAdded event records scheduler's public key

  Scenario: Creating the newsroom a second time changes nothing
    Given a newsroom with no store yet
    And umud has run `init --chief umud`
    When umud runs `init --chief kamran`
    Then the command succeeds
    And nothing was written
    And the output says "The store is up to date"

  Rule: Once the newsroom exists

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

    Scenario: The chief adds a reporter
      When umud runs `staff add zaur --role reporter`
      Then the command succeeds
      And the log gained StaffMemberAdded
      And the StaffMemberAdded event was recorded by umud as chief
      And the StaffMemberAdded event records name "zaur"
      And the StaffMemberAdded event records role "reporter"

    Scenario: A new reporter can draft at once
      Given umud has run `staff add zaur --role reporter`
      When zaur runs `draft --headline "Snow in Baku" --category Society --id snow`
      Then the command succeeds
      And the ArticleDrafted event was recorded by zaur as reporter

    Scenario Outline: Only a chief manages the staff
      When <person> runs `staff add zaur --role reporter`
      Then it is refused with exit code 5
      And the error is one line mentioning "<person> is <role>; managing the staff needs a chief"
      And nothing was written

      Examples:
        | person | role       |
        | aysel  | a reporter |
        | kamran | an editor  |

    Scenario: Someone already on the staff is not added twice
      When umud runs `staff add aysel --role editor`
      Then it is refused with exit code 4
      And the error is one line mentioning "already on the staff as reporter"
      And nothing was written

    Scenario: A role is reporter, editor or chief
      When umud runs `staff add zaur --role intern`
      Then it is refused with exit code 2
      And the error is one line mentioning "role 'intern'"
      And nothing was written

    Scenario Outline: Only the member named scheduler takes the role scheduler
      When umud runs `<command>`
      Then it is refused with exit code 4
      And the error is one line mentioning "Only the member named scheduler takes the role scheduler, and it takes no other"
      And nothing was written

      Examples:
        | command                            |
        | staff add zaur --role scheduler    |
        | staff role aysel --role scheduler  |
        | staff role scheduler --role editor |

    Scenario Outline: The scheduler runs the clock and does nothing else
      Given article snow is <state>
      When scheduler runs `<command>`
      Then it is refused with exit code 5
      And the error is one line mentioning "scheduler is a scheduler; <says>"
      And nothing was written

      Examples:
        | state     | command                                                     | says                                    |
        | approved  | publish snow                                                | publishing needs an editor or above     |
        | a draft   | submit snow                                                 | submitting needs a reporter or above    |
        | published | draft --headline "Frost in Ganja" --category Society --id x | drafting needs a reporter or above      |
        | published | staff add zaur --role reporter                              | managing the staff needs a chief        |

    Scenario: The chief promotes a reporter to editor
      When umud runs `staff role aysel --role editor`
      Then the command succeeds
      And the log gained StaffRoleChanged
      And the StaffRoleChanged event records role "editor"
      And the StaffRoleChanged event records previous_role "reporter"

    Scenario: A promoted reporter may approve a colleague's article
      Given rashad has drafted article snow headlined "Snow in Baku"
      And rashad has run `submit snow`
      And umud has run `staff role aysel --role editor`
      When aysel runs `approve snow`
      Then the command succeeds
      And the ArticleApproved event was recorded by aysel as editor

    Scenario: The only chief cannot step down
      When umud runs `staff role umud --role editor`
      Then it is refused with exit code 4
      And the error is one line mentioning "only chief"
      And nothing was written

    Scenario: Changing the role of someone not on the staff
      When umud runs `staff role zaur --role editor`
      Then it is refused with exit code 3
      And the error is one line mentioning "zaur is not on the staff"
      And nothing was written

    Scenario: The staff list
      When rashad runs `staff list --json`
      Then the command succeeds
      And the JSON output's staff are:
        | name      | role      |
        | aysel     | reporter  |
        | kamran    | editor    |
        | leyla     | editor    |
        | rashad    | reporter  |
        | scheduler | scheduler |
        | umud      | chief     |

    Scenario: Someone not on the staff cannot draft
      When zaur runs `draft --headline "Snow in Baku" --category Society --id snow`
      Then it is refused with exit code 5
      And the error is one line mentioning "zaur is not on the staff of this newsroom"
      And nothing was written

    Scenario Outline: Each role may do only its own work
      Given article snow is <state>
      When <person> runs `<command>`
      Then it is refused with exit code 5
      And the error is one line mentioning "<person> is"
      And nothing was written

      Examples:
        | state                            | person | command                              |
        | in review                        | rashad | approve snow                         |
        | in review                        | aysel  | request-changes snow --reason "Thin" |
        | approved                         | rashad | publish snow                         |
        | scheduled for "18:00 14.11.2024" | aysel  | unschedule snow                      |
        | published                        | rashad | correct snow --note "Spelling."      |
        | a draft                          | aysel  | spike snow                           |
        | published                        | leyla  | retract snow --reason "Wrong facts." |
        | published                        | kamran | staff add zaur --role reporter       |

    Scenario Outline: Someone not on the staff cannot act on an article
      Given article snow is <state>
      When zaur runs `<command>`
      Then it is refused with exit code 5
      And the error is one line mentioning "not on the staff"
      And nothing was written

      Examples:
        | state     | command                              |
        | a draft   | revise snow --headline "Snow"        |
        | a draft   | submit snow                          |
        | in review | approve snow                         |
        | approved  | publish snow                         |
        | published | retract snow --reason "Wrong facts." |

    Scenario Outline: Each role may do the work of the roles below it
      Given article snow is <state>
      When <person> runs `<command>`
      Then the command succeeds
      And the log gained <event>

      Examples:
        | state     | person | command                               | event            |
        | a draft   | kamran | submit snow                           | ArticleSubmitted |
        | a draft   | umud   | revise snow --headline "Snow in Baku" | ArticleRevised   |
        | in review | umud   | approve snow                          | ArticleApproved  |
        | approved  | umud   | publish snow                          | ArticlePublished |
        | a draft   | umud   | spike snow                            | ArticleSpiked    |

    Scenario: A refusal as JSON
      Given article snow is in review
      When aysel runs `approve snow --json`
      Then it is refused with exit code 5
      And the error is JSON with code "permission_denied"
      And the JSON error message mentions "aysel is a reporter"
      And nothing was written

    Scenario: The chief removes a reporter who left
      When umud runs `staff remove rashad`
      Then the command succeeds
      And the log gained StaffMemberRemoved
      And the StaffMemberRemoved event was recorded by umud as chief
      And the StaffMemberRemoved event records name "rashad"
      And the StaffMemberRemoved event records previous_role "reporter"

    Scenario: A removed member can no longer act
      Given umud has run `staff remove rashad`
      When rashad runs `draft --headline "Snow in Baku" --category Society --id snow`
      Then it is refused with exit code 5
      And the error is one line mentioning "rashad was removed from the staff on 14.11.2024"
      And nothing was written

    Scenario: What a removed member did stays, and the log still proves
      Given rashad has drafted article frost headlined "Frost in Ganja"
      And rashad has run `submit frost`
      And umud has run `staff remove rashad`
      When kamran runs `approve frost`
      Then the command succeeds
      And rashad's draft is still in the history of article frost
      And the log still verifies

    Scenario: The staff list shows who was removed, as removed
      Given umud has run `staff remove rashad`
      When aysel runs `staff list --json`
      Then the command succeeds
      And the JSON output's staff are:
        | name      | role      |
        | aysel     | reporter  |
        | kamran    | editor    |
        | leyla     | editor    |
        | scheduler | scheduler |
        | umud      | chief     |
      And the JSON output's removed are:
        | name   | removed_at                |
        | rashad | 2024-11-14T06:00:00+00:00 |

    Scenario: The staff list as a table marks who was removed
      Given umud has run `staff remove rashad`
      When aysel runs `staff list`
      Then the command succeeds
      And one line of the output mentions "rashad", "removed 10:00 14.11.2024"

    Scenario: Someone removed can be taken on again
      Given umud has run `staff remove rashad`
      And umud has run `staff add rashad --role editor`
      When rashad runs `draft --headline "Snow in Baku" --category Society --id snow`
      Then the command succeeds

    Scenario: Only a chief removes a member of the staff
      When kamran runs `staff remove rashad`
      Then it is refused with exit code 5
      And the error is one line mentioning "managing the staff needs a chief"
      And nothing was written

    Scenario: The last chief cannot be removed
      When umud runs `staff remove umud`
      Then it is refused with exit code 4
      And the error is one line mentioning "umud is the only chief; name another chief first"
      And nothing was written

    Scenario: Removing someone not on the staff
      When umud runs `staff remove zaur`
      Then it is refused with exit code 3
      And the error is one line mentioning "zaur is not on the staff"
      And nothing was written

    Scenario: Removing someone twice
      Given umud has run `staff remove rashad`
      When umud runs `staff remove rashad`
      Then it is refused with exit code 4
      And the error is one line mentioning "rashad was already removed from the staff"
      And nothing was written
