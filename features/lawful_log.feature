Feature: A lawful log
  `verify` proves more than an unbroken chain: every act since signing began is
  signed by its actor's registered key as it stood at that position, and every event
  is what the newsroom's rules allowed given the log before it (the actor's role
  then, the article's state, four eyes). Someone who can write the database, even
  one holding a staff member's own key, cannot slip an act past it: `verify` names
  the first bad position and what is wrong (exit 7), and `import` refuses the same
  log, writing nothing.

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

  # The log: 1-7 the staff (2 the log key); the scenarios' own events follow from position 8.

  Scenario: A log of signed, lawful acts is proven
    Given aysel has run `draft --id snow --headline "Snow in Baku" --category Society`
    And aysel has run `submit snow`
    And kamran has run `approve snow`
    And kamran has run `publish snow`
    When rashad runs `verify`
    Then the command succeeds
    And the output says "every event is signed by its actor's key at the time and is what the rules allowed"

  Scenario: The workflow's later moves are proven lawful too
    Given aysel has run `draft --id snow --headline "Snow in Baku" --category Society`
    And a JPEG image "snow.jpg"
    And aysel has run `photo add snow snow.jpg --caption "Fountain Sqare" --alt "A fountain"`
    And rashad has run `photo edit snow @snow.jpg --caption "Fountain Square"`
    And aysel has run `submit snow`
    And aysel has run `withdraw snow --reason "A figure is wrong"`
    And kamran has run `note snow "Check the figure with the ministry"`
    And aysel has run `submit snow`
    And kamran has run `approve snow`
    And leyla has run `request-changes snow --reason "The figures changed"`
    And aysel has run `submit snow`
    And kamran has run `approve snow`
    And leyla has run `spike snow`
    When rashad runs `verify`
    Then the command succeeds
    And the output says "is what the rules allowed"

  Scenario: A removed member's key signs nothing new, even written straight into the database
    Given umud has run `staff remove rashad`
    And a database writer appends ArticleDrafted to article:gas as rashad the reporter, signed with rashad's key, with data {"article_id": "gas", "headline": "Gas prices", "body": "", "category": "Economy", "language": "en", "byline": "rashad"}
    When kamran runs `verify`
    Then it is refused with exit code 7
    And the error is one line mentioning "position 9: unsigned (rashad had no registered key to sign with)"

  Scenario: A publication forged with SQL and signed with a key nobody on the staff holds
    Given aysel has run `draft --id snow --headline "Snow in Baku" --category Society`
    And aysel has run `submit snow`
    And kamran has run `approve snow`
    And a database writer appends ArticlePublished to article:snow as kamran the editor, signed with mallory's key, with data {"article_id": "snow", "published_at": "2024-11-14T06:00:00+00:00", "headline": "Snow in Baku", "category": "Society", "language": "en", "scheduled": false}
    When rashad runs `verify`
    Then it is refused with exit code 7
    And the error is one line mentioning "position 11: forged signature (it is not signed by kamran's key"
    And importing the log into a fresh store is refused with "position 11: forged signature"

  Scenario: An actor rewritten and every hash after it recomputed
    Given aysel has run `draft --id snow --headline "Snow in Baku" --category Society`
    And aysel has run `submit snow`
    And kamran has run `approve snow`
    And kamran has run `publish snow`
    And a database writer rewrites the actor of position 10 to leyla and recomputes every hash after it
    When rashad runs `verify`
    Then it is refused with exit code 7
    And the error is one line mentioning "position 10: forged signature (it is not signed by leyla's key"
    And importing the log into a fresh store is refused with "position 10: forged signature"

  Scenario: An approval by the article's own author, signed with his own key
    Given kamran has run `draft --id snow --headline "Snow in Baku" --category Society`
    And kamran has run `submit snow`
    And a database writer appends ArticleApproved to article:snow as kamran the editor, signed with kamran's key, with data {"article_id": "snow"}
    When rashad runs `verify`
    Then it is refused with exit code 7
    And the error is one line mentioning "position 10: unlawful (the rules refuse it: kamran drafted or revised article snow; four eyes"
    And importing the log into a fresh store is refused with "position 10: unlawful"

  Scenario: A publication that skipped review
    Given aysel has run `draft --id snow --headline "Snow in Baku" --category Society`
    And aysel has run `submit snow`
    And a database writer appends ArticlePublished to article:snow as kamran the editor, signed with kamran's key, with data {"article_id": "snow", "published_at": "2024-11-14T06:00:00+00:00", "headline": "Snow in Baku", "category": "Society", "language": "en", "scheduled": false}
    When rashad runs `verify`
    Then it is refused with exit code 7
    And the error is one line mentioning "position 10: unlawful (the rules refuse it: Cannot publish article snow: it is in review"
    And importing the log into a fresh store is refused with "position 10: unlawful"

  Scenario: A reporter who makes herself chief
    Given a database writer appends StaffRoleChanged to staff as aysel the reporter, signed with aysel's key, with data {"name": "aysel", "role": "chief", "previous_role": "reporter"}
    When rashad runs `verify`
    Then it is refused with exit code 7
    And the error is one line mentioning "position 8: unlawful (the rules refuse it: aysel is a reporter; managing the staff needs a chief or above"
    And importing the log into a fresh store is refused with "position 8: unlawful"

  Scenario: An act that claims a role its actor did not have
    Given aysel has run `draft --id snow --headline "Snow in Baku" --category Society`
    And a database writer appends ArticleSubmitted to article:snow as aysel the editor, signed with aysel's key, with data {"article_id": "snow"}
    When rashad runs `verify`
    Then it is refused with exit code 7
    And the error is one line mentioning "position 9: unlawful (it says aysel acted as editor, but they were reporter)"
    And importing the log into a fresh store is refused with "position 9: unlawful"

  Scenario: A lawful log exported and imported is proven again
    Given aysel has run `draft --id snow --headline "Snow in Baku" --category Society`
    And aysel has run `submit snow`
    And kamran has run `approve snow`
    And kamran has run `publish snow`
    And umud has run `export log.jsonl`
    When rashad runs `--store sqlite:///copy.db import log.jsonl`
    Then the command succeeds
    And the output says "Imported 11 events"

  Scenario: An act copied in from another newsroom's log, its own signature intact
    Given a database writer copies in StaffMemberAdded to staff as umud the chief, signed with umud's key for another newsroom, with data {"name": "mallory", "role": "chief"}
    When rashad runs `verify`
    Then it is refused with exit code 7
    And the error is one line mentioning "position 8: copied (it was signed for another log"
    And importing the log into a fresh store is refused with "position 8: copied"

  Scenario: Data changed and its salt blanked, so that nothing seems to check it
    Given aysel has run `draft --id snow --headline "Snow in Baku" --category Society`
    And a database writer blanks the salt of position 8 and changes "Baku" to "Moscow" in its data
    When rashad runs `verify`
    Then it is refused with exit code 7
    And the error is one line mentioning "position 8: changed (its data no longer matches its salted digest)"

  Scenario: The store's clock pushed into the future, so that later acts seem to come later
    Given a database writer sets the log's last recorded time to "2099-01-01T00:00:00.000000Z"
    And aysel has run `draft --id snow --headline "Snow in Baku" --category Society`
    When rashad runs `verify`
    Then it is refused with exit code 7
    And the error is one line mentioning "position 8: clock set ahead (recorded at 2099-01-01T00:00:00.000000Z, later than the time of checking)"
