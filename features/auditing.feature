Feature: Auditing the log
  Auditors read the raw log, filtered by article, event type, person, time or
  position, and prove that nobody rewrote it: `verify` recomputes every hash and
  link of the chain and every signature, checks the log against its head, and
  compares every projection with a fresh rebuild. A head printed earlier
  (POSITION:HASH) proves, later, that the log up to it is unchanged. Any problem is
  exit code 7 and one sentence naming the first bad position in the log and what is
  wrong there: changed, missing, reordered, bad link, forged signature, unsigned,
  beyond the head, not anchored; or the projection that differs.

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
    And aysel has run `draft --headline "Snow in Bakku" --category Society --body "Snow fell." --id snow`
    And aysel has run `revise snow --body "Snow fell overnight."`
    And aysel has run `submit snow`
    And the clock reads "11:00 14.11.2024"
    And kamran has run `approve snow`
    And the clock reads "12:00 14.11.2024"
    And kamran has run `publish snow`
    And the clock reads "13:00 14.11.2024"
    And kamran has run `correct snow --headline "Snow in Baku" --note "Spelling of Baku."`
    And the clock reads "14:00 14.11.2024"

  # The log: 1-7 the staff (2 the log key); 8 drafted, 9 revised, 10 submitted (10:00);
  # 11 approved (11:00); 12 published (12:00); 13 corrected (13:00).

  Scenario: One article's events
    When rashad runs `log --stream snow --json`
    Then the command succeeds
    And the JSON output's events are:
      | global_position | stream_id    | stream_version | event_type       | actor  |
      | 8               | article:snow | 1              | ArticleDrafted   | aysel  |
      | 9               | article:snow | 2              | ArticleRevised   | aysel  |
      | 10              | article:snow | 3              | ArticleSubmitted | aysel  |
      | 11              | article:snow | 4              | ArticleApproved  | kamran |
      | 12              | article:snow | 5              | ArticlePublished | kamran |
      | 13              | article:snow | 6              | ArticleCorrected | kamran |

  Scenario: The staff's events, at most two
    When rashad runs `log --stream staff --limit 2 --json`
    Then the command succeeds
    And the JSON output lists the events at positions 1 and 2

  Scenario: Events of some types
    When rashad runs `log --type ArticleRevised,ArticleCorrected --json`
    Then the command succeeds
    And the JSON output lists the events at positions 9 and 13

  Scenario: One person's events
    When rashad runs `log --actor kamran --json`
    Then the command succeeds
    And the JSON output lists the events at positions 11, 12 and 13

  Scenario: Events between two times, both included
    When rashad runs `log --since "11:00 14.11.2024" --until "2024-11-14T08:00:00Z" --json`
    Then the command succeeds
    And the JSON output lists the events at positions 11 and 12

  Scenario: Events from a position on
    When rashad runs `log --from 12 --json`
    Then the command succeeds
    And the JSON output lists the events at positions 12 and 13

  Scenario: Filters combine
    When rashad runs `log --stream article:snow --actor aysel --limit 2 --json`
    Then the command succeeds
    And the JSON output lists the events at positions 8 and 9

  Scenario: The log shows 50 events unless told otherwise
    Given aysel has drafted 40 more articles
    When rashad runs `log --json`
    Then the command succeeds
    And the JSON output lists every event from position 1 to 50
    And the JSON output has more "3"
    And the JSON output has next_from "51"

  Scenario: A page of the log as text says what was left out and how to see it
    When rashad runs `log --limit 5`
    Then the command succeeds
    And the output says "5 events shown; 8 more: --from 6 for the next page, --limit 0 for all."

  Scenario: A page of one event says so in the singular
    When rashad runs `log --limit 1`
    Then the command succeeds
    And the output says "1 event shown; 12 more: --from 2"

  Scenario: The next page starts where the last one ended
    When rashad runs `log --from 6 --limit 5 --json`
    Then the command succeeds
    And the JSON output lists every event from position 6 to 10
    And the JSON output has more "3"
    And the JSON output has next_from "11"

  Scenario: The last page says that nothing follows
    When rashad runs `log --from 12 --limit 5 --json`
    Then the command succeeds
    And the JSON output lists every event from position 12 to 13
    And the JSON output has more "0"
    And the JSON output has no next_from

  Scenario: All of the log at once
    Given aysel has drafted 40 more articles
    When rashad runs `log --limit 0 --json`
    Then the command succeeds
    And the JSON output lists every event from position 1 to 53
    And the JSON output has no next_from

  Scenario: A filtered page says where the next one starts, not how many match
    When rashad runs `log --stream snow --limit 2`
    Then the command succeeds
    And the output says "2 events shown; more match: --from 10 for the next page, --limit 0 for all."

  Scenario: A script reads the whole log page by page
    When rashad reads `log` page by page, 4 at a time
    Then the pages hold every event of the log once, in commit order, in 4 pages

  Scenario: A script reads a filtered log page by page
    When rashad reads `log --stream staff` page by page, 3 at a time
    Then the pages hold the events at positions 1 to 7, in 3 pages

  Scenario: The filtered log as text
    When rashad runs `log --stream snow --type ArticleCorrected`
    Then the command succeeds
    And one line of the output mentions "13", "13:00 14.11.2024", "article:snow", "ArticleCorrected", "kamran"

  Scenario: An event type the newsroom does not know
    When rashad runs `log --type ArticlePublished,ArticleDeleted`
    Then it is refused with exit code 2
    And the error is one line mentioning "Unknown event type 'ArticleDeleted'"
    And nothing was written

  Scenario: A log filter time that is not a time
    When rashad runs `log --since yesterday`
    Then it is refused with exit code 2
    And the error is one line mentioning "--since"
    And nothing was written

  Scenario: An intact log
    When rashad runs `verify`
    Then the command succeeds
    And the output says "The log is intact: 13 events"
    And the output gives the log's head as the position and hash of its last event
    And the output says "From position 1 on, every event is signed by its actor's key at the time and is what the rules allowed."
    And the output says "Every projection matches a fresh rebuild."
    And nothing was written

  Scenario: An intact log, as JSON
    When rashad runs `verify --json`
    Then the command succeeds
    And the JSON output has the keys "ok", "events", "head_position", "head_hash", "signed_from", "unsigned_events", "projections_match", "against"
    And the JSON output has ok "True"
    And the JSON output has events "13"
    And the JSON output has head_position "13"
    And the JSON output's head_hash is the hash of the event at position 13
    And the JSON output has signed_from "1"
    And the JSON output has unsigned_events "0"
    And the JSON output has projections_match "True"
    And the JSON output has no against

  Scenario: A head printed yesterday still proves the log up to it today
    Given rashad has run `verify` and noted its head as $yesterday
    And the clock reads "09:00 15.11.2024"
    And leyla has run `correct snow --body "Snow fell overnight, 20 cm of it." --note "How much snow."`
    When rashad runs `verify --against $yesterday`
    Then the command succeeds
    And the output says "The log is intact: 14 events"
    And the output says "Position 13 still has the hash published for it."
    And nothing was written

  Scenario: A head proof, as JSON
    Given rashad has run `verify` and noted its head as $yesterday
    When rashad runs `verify --against $yesterday --json`
    Then the command succeeds
    And the JSON output has ok "True"
    And the JSON output has against $yesterday

  Scenario: A forger who recomputes every hash after his change cannot sign it
    Given someone has edited the event at position 12 in the database, changing "Snow in Bakku" to "Snow in Bakuu", and recomputed every hash from there on and the log head
    And umud has run `rebuild`
    When rashad runs `verify`
    Then it is refused with exit code 7
    And the error says the log is not intact at position 12: "forged signature"
    And the error is one line mentioning "it is not signed by kamran's key"
    And nothing was written

  Scenario: A forger holding the author's key, who signs his change again and recomputes every hash after it, is caught by a published head
    Given rashad has run `verify` and noted its head as $published
    And someone holding aysel's key has edited the event at position 9 in the database, changing "Snow fell overnight." to "Rain fell overnight.", signed it again, and recomputed every hash from there on and the log head
    And umud has run `rebuild`
    And rashad has run `verify`
    When rashad runs `verify --against $published`
    Then it is refused with exit code 7
    And the error says the log is not intact at position 13: "not anchored"
    And nothing was written

  Scenario: Events removed from the end, head and all, are caught by a published head
    Given rashad has run `verify` and noted its head as $published
    And someone has deleted the last event from the database and moved the log head back
    When rashad runs `verify --against $published`
    Then it is refused with exit code 7
    And the error says the log is not intact at position 13: "not anchored"
    And nothing was written

  Scenario: A head proof that is not POSITION:HASH
    When rashad runs `verify --against 13`
    Then it is refused with exit code 2
    And the error is one line mentioning "give POSITION:HASH"
    And nothing was written

  Scenario: An event's data changed in the database
    Given someone has edited the event at position 8 in the database, changing "Snow fell." to "Rain fell."
    When rashad runs `verify`
    Then it is refused with exit code 7
    And the error says the log is not intact at position 8: "changed"
    And the error is one line mentioning "its data no longer matches its salted digest"
    And nothing was written

  Scenario: The failure as JSON
    Given someone has edited the event at position 8 in the database, changing "Snow fell." to "Rain fell."
    When rashad runs `verify --json`
    Then the error is JSON with code "integrity"
    And the JSON error message mentions "position 8: changed"
    And nothing was written

  Scenario: An event deleted from the middle of the log
    Given someone has deleted the event at position 10 from the database
    When rashad runs `verify`
    Then it is refused with exit code 7
    And the error says the log is not intact at position 10: "missing"
    And nothing was written

  Scenario: The last event deleted: the head says there is more
    Given someone has deleted the event at position 13 from the database
    When rashad runs `verify`
    Then it is refused with exit code 7
    And the error says the log is not intact at position 13: "missing"
    And nothing was written

  Scenario: Two events swapped in the log
    Given someone has swapped the positions of the events at 9 and 10 in the database
    When rashad runs `verify`
    Then it is refused with exit code 7
    And the error says the log is not intact at position 9: "reordered"
    And nothing was written

  Scenario: An event edited, signed again and given a new hash, the chain after it left alone
    Given someone holding aysel's key has edited the event at position 9 in the database, changing "Snow fell overnight." to "Rain fell overnight.", signed it again, and recomputed its hash
    When rashad runs `verify`
    Then it is refused with exit code 7
    And the error says the log is not intact at position 10: "bad link"
    And nothing was written

  Scenario: A headline changed in the ticker's table
    Given someone has changed the ticker headline of article snow to "Sun in Baku" in the database
    When rashad runs `verify`
    Then it is refused with exit code 7
    And the error is one line mentioning "The ticker projection differs from a fresh rebuild"
    And nothing was written
    And the ticker projection still reads "Sun in Baku" for article snow

  Scenario: A log head whose hash was changed
    Given someone has changed the log head's hash in the database, keeping its position
    When rashad runs `verify`
    Then it is refused with exit code 7
    And the error says the log is not intact at position 13: "bad head"
    And nothing was written

  Scenario: An event slipped in after the head
    Given someone holding leyla's key has appended a copy of the event at position 13 to the database, changing "Snow in Baku" to "Snow in Moscow", as their own act, signed and linked to the last event but behind the log head's back
    When rashad runs `verify`
    Then it is refused with exit code 7
    And the error says the log is not intact at position 14: "beyond the head"
    And nothing was written

  Scenario: An unsigned event slipped in after signing began
    Given someone has appended to the database an unsigned event, written the way a newsroom wrote events before signing began: ArticleDrafted for article rumour headlined "Rumour in Baku" by aysel
    When rashad runs `verify`
    Then it is refused with exit code 7
    And the error says the log is not intact at position 14: "unsigned"
    And the error is one line mentioning "signing began at position 1; every event since is signed"
    And nothing was written

  Scenario: An event from before articles had a language reads as English
    Given a store "old.db" that an older newsroom wrote before signing began, with umud as its chief and aysel as a reporter
    And the store "old.db" holds an ArticleDrafted event of schema version 1, written before articles had a language, for article old headlined "Old news" by aysel
    And umud has run `init --store sqlite:///old.db`
    When rashad runs `show old --store sqlite:///old.db --json`
    Then the command succeeds
    And the JSON output has language "en"
    And the JSON output has headline "Old news"
    And the JSON output has version "1"

  Scenario: An event from before articles had a language still verifies, and stays as written
    Given a store "old.db" that an older newsroom wrote before signing began, with umud as its chief and aysel as a reporter
    And the store "old.db" holds an ArticleDrafted event of schema version 1, written before articles had a language, for article old headlined "Old news" by aysel
    And umud has run `init --store sqlite:///old.db`
    When rashad runs `verify --store sqlite:///old.db`
    Then the command succeeds
    And the output says "The log is intact: 5 events"
    And the output says "Positions 1-3 are unsigned: from before signing began."
    And the output says "From position 4 on, every event is signed by its actor's key at the time and is what the rules allowed."
    And the store "old.db" still holds the ArticleDrafted event of article old as written: schema version 1, with no language
