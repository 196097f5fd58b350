Feature: Publishing hooks
  A chief wires hooks that carry the newsroom's events to the systems downstream:
  a program (the event's JSON on its standard input, never through a shell), a URL
  (a POST, signed per the Standard Webhooks spec with the hook's secret, and sent only
  to addresses outside the newsroom's own networks unless the operator allows them)
  or a NATS subject. Wiring and unwiring a hook are events in the log like any other.
  `hooks run` delivers what is pending, each event the hook hears once and in log
  order, from where it stopped last time; a published, corrected or retracted
  article travels with its IPTC ninjs document. An event the target keeps refusing
  goes to the dead letters and delivery goes on; `hooks retry` sends the dead
  letters once the target works again. Editorial work never waits for a hook.

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
    And a text file "site.secret" containing "whsec_CbuKHA36o82AkK4HpFr5Lti87ZDLPDwB+yAXOBuXCKA="
    And a text file "next.secret" containing "whsec_Nd0l17QOUVyPnnqhkJzqZtsE6GfjvfzaiFRY+GDt93A="
    And hooks try each delivery 2 times, 0.01 s apart at first
    And a receiver program $receiver that writes down every event it is sent

  # The log: 1-7 the staff (2 the log key, the scheduler among them); what each scenario
  # adds comes after.

  # --- wiring and unwiring -------------------------------------------------------------

  Scenario: A chief wires a hook, and the log records who did it
    When umud runs `hooks add archive --on ArticleDrafted,ArticlePublished --exec "$receiver archive"`
    Then the command succeeds
    And the log gained HookRegistered
    And the HookRegistered event was recorded by umud as chief
    And the HookRegistered event records name "archive"
    And the HookRegistered event records target_kind "exec"
    And the HookRegistered event lists the event types "ArticleDrafted" and "ArticlePublished"
    And the output says "Hook archive will send ArticleDrafted, ArticlePublished to exec"
    And the wired hooks are "archive"

  Scenario: A chief unwires a hook, and that is in the log too
    Given umud has run `hooks add archive --on ArticlePublished --exec "$receiver archive"`
    When umud runs `hooks remove archive`
    Then the command succeeds
    And the log gained HookRemoved
    And the HookRemoved event was recorded by umud as chief
    And the HookRemoved event records name "archive"
    And the output says "Hook archive removed."
    And no hook is wired

  Scenario: The hooks as an operator lists them
    Given umud has run `hooks add site --on ArticlePublished,ArticleCorrected --url https://example.com/newsroom`
    And umud has run `hooks add bus --on ArticlePublished --nats newsroom.articles`
    When rashad runs `hooks list --json`
    Then the command succeeds
    And the JSON output's hooks are:
      | name | target_kind | target                       | secret | checkpoint | dead_letters |
      | site | url         | https://example.com/newsroom |        | 7          | 0            |
      | bus  | nats        | newsroom.articles            |        | 8          | 0            |
    And nothing was written

  Scenario Outline: Only a chief may wire or unwire hooks
    Given umud has run `hooks add archive --on ArticlePublished --exec "$receiver archive"`
    When <person> runs `<command>`
    Then it is refused with exit code 5
    And the error is one line mentioning "<says>"
    And nothing was written
    And the wired hooks are "archive"

    Examples:
      | person | command                                                                   | says                                          |
      | kamran | hooks add site --on ArticlePublished --url https://example.com/newsroom  | wiring publishing hooks needs a chief         |
      | aysel  | hooks add site --on ArticlePublished --url https://example.com/newsroom  | wiring publishing hooks needs a chief         |
      | nobody | hooks add site --on ArticlePublished --url https://example.com/newsroom  | nobody is not on the staff of this newsroom   |
      | kamran | hooks remove archive                                                      | wiring publishing hooks needs a chief         |

  Scenario Outline: A hook must name known events and exactly one good target
    When umud runs `<command>`
    Then it is refused with exit code 2
    And the error is one line mentioning "<says>"
    And nothing was written
    And no hook is wired

    Examples:
      | command                                                                                          | says                                  |
      | hooks add site --on ArticleDeleted --url https://example.com/newsroom                            | Unknown event type 'ArticleDeleted'   |
      | hooks add site --on ArticlePublished,articlepublished --url https://example.com/newsroom         | Unknown event type 'articlepublished' |
      | hooks add site --on HookRegistered --url https://example.com/newsroom                            | Unknown event type 'HookRegistered'   |
      | hooks add site --on ArticlePublished --url https://example.com/newsroom --exec "$receiver site"  | Give exactly one target               |
      | hooks add site --on ArticlePublished --url https://example.com/newsroom --nats newsroom.articles | Give exactly one target               |
      | hooks add site --on ArticlePublished                                                             | Give exactly one target               |
      | hooks add site --on ArticlePublished --exec "$receiver site" --secret s3cret                     | --secret signs --url deliveries only  |
      | hooks add site --on ArticlePublished --nats newsroom.articles --secret s3cret                    | --secret signs --url deliveries only  |
      | hooks add site --on ArticlePublished --url example.com/newsroom                                  | is not an http:// or https:// address   |
      | hooks add site --on ArticlePublished --url ftp://example.com/newsroom                            | is not an http:// or https:// address   |
      | hooks add site --on ArticlePublished --exec "'unclosed"                                          | is not a command line                 |
      | hooks add site --on ArticlePublished --nats "newsroom articles"                                  | is not a NATS subject                 |
      | hooks add "news site" --on ArticlePublished --url https://example.com/newsroom                   | is not valid                          |

  Scenario Outline: A URL that names no place to send to is bad input
    When umud runs `hooks add site --on ArticlePublished --url "<url>"`
    Then it is refused with exit code 2
    And the error is one line mentioning "--url"
    And nothing was written
    And no hook is wired

    Examples:
      | url                      |
      | http://                  |
      | https://                 |
      | http:///newsroom         |
      | http://example com/x     |

  Scenario: A second hook of the same name
    Given umud has run `hooks add archive --on ArticlePublished --exec "$receiver archive"`
    When umud runs `hooks add archive --on ArticleDrafted --url https://example.com/newsroom`
    Then it is refused with exit code 4
    And the error is one line mentioning "A hook named archive exists; remove it first."
    And nothing was written
    And the wired hooks are "archive"

  Scenario Outline: A hook that does not exist
    When umud runs `<command>`
    Then it is refused with exit code 3
    And the error is one line mentioning "There is no hook nowhere."
    And nothing was written

    Examples:
      | command                  |
      | hooks remove nowhere     |
      | hooks retry nowhere      |
      | hooks dead-letters nowhere |

  Scenario: A hook wiring sent twice with the same command id is done once
    Given umud has run `hooks add archive --on ArticlePublished --exec "$receiver archive" --command-id wire-archive-1`
    When umud runs `hooks add archive --on ArticlePublished --exec "$receiver archive" --command-id wire-archive-1` again
    Then the command succeeds
    And nothing was written
    And the output says "Already done (same command id)"
    And the wired hooks are "archive"

  # --- secrets ---------------------------------------------------------------------------

  Scenario: A webhook's secret is kept out of the log
    When umud runs `hooks add site --on ArticlePublished --url https://example.com/newsroom --secret-file site.secret`
    Then the command succeeds
    And the log gained HookRegistered
    And the HookRegistered event records signed "True"
    And the output does not contain "whsec_CbuKHA36o82AkK4HpFr5Lti87ZDLPDwB+yAXOBuXCKA="
    And no event in the log contains "CbuKHA36o82AkK4HpFr5Lti87ZDLPDwB"

  Scenario Outline: The list of hooks masks a webhook's secret
    Given umud has run `hooks add site --on ArticlePublished --url https://example.com/newsroom --secret-file site.secret`
    When rashad runs `<command>`
    Then the command succeeds
    And the output says "****"
    And the output does not contain "CbuKHA36o82AkK4HpFr5Lti87ZDLPDwB"
    And nothing was written

    Examples:
      | command           |
      | hooks list        |
      | hooks list --json |

  Scenario: A webhook is signed the Standard Webhooks way
    Given a web receiver $site that writes down every delivery
    And the operator lets hooks reach 127.0.0.0/8
    And umud has run `hooks add site --on ArticlePublished --url $site --secret-file site.secret`
    And article snow is published
    When umud runs `hooks run`
    Then the command succeeds
    And the output says "site: 1 delivered, 0 dead-lettered"
    And the web receiver's delivery of article snow is named by its event id
    And the web receiver's delivery of article snow verifies with "whsec_CbuKHA36o82AkK4HpFr5Lti87ZDLPDwB+yAXOBuXCKA="
    And the web receiver's delivery of article snow does not verify with "whsec_Nd0l17QOUVyPnnqhkJzqZtsE6GfjvfzaiFRY+GDt93A="

  Scenario: The newsroom makes a webhook's secret, and shows it only once
    When umud runs `hooks add site --on ArticlePublished --url https://example.com/newsroom --secret generate`
    Then the command succeeds
    And the log gained HookRegistered
    And the output gives a new secret, noted as $made
    And no event in the log contains "$made"
    And the list of hooks does not show "$made"

  Scenario: A chief rotates a webhook's secret with no delivery its receiver cannot check
    Given a web receiver $site that writes down every delivery
    And the operator lets hooks reach 127.0.0.0/8
    And umud has run `hooks add site --on ArticlePublished --url $site --secret-file site.secret`
    And umud has run `hooks secret site --add-file next.secret`
    And article snow is published
    And umud has run `hooks run`
    And umud has run `hooks secret site --drop-old`
    And article frost is published
    When umud runs `hooks run`
    Then the command succeeds
    And the output says "site: 1 delivered, 0 dead-lettered"
    And the web receiver's delivery of article snow verifies with "whsec_CbuKHA36o82AkK4HpFr5Lti87ZDLPDwB+yAXOBuXCKA=" and "whsec_Nd0l17QOUVyPnnqhkJzqZtsE6GfjvfzaiFRY+GDt93A="
    And the web receiver's delivery of article frost verifies with "whsec_Nd0l17QOUVyPnnqhkJzqZtsE6GfjvfzaiFRY+GDt93A="
    And the web receiver's delivery of article frost does not verify with "whsec_CbuKHA36o82AkK4HpFr5Lti87ZDLPDwB+yAXOBuXCKA="

  Scenario: Adding a secret says how many the hook signs with, and writes nothing to the log
    Given umud has run `hooks add site --on ArticlePublished --url https://example.com/newsroom --secret-file site.secret`
    When umud runs `hooks secret site --add generate`
    Then the command succeeds
    And the output says "Hook site signs with 2 secrets now."
    And the output gives a new secret, noted as $next
    And nothing was written

  Scenario Outline: A webhook's secret must be in the Standard Webhooks form
    Given a text file "bad.secret" containing "<secret>"
    When umud runs `hooks add site --on ArticlePublished --url https://example.com/newsroom --secret-file bad.secret`
    Then it is refused with exit code 2
    And the error is one line mentioning "must be whsec_ and the base64 of 24 to 64 random bytes"
    And nothing was written
    And no hook is wired

    Examples:
      | secret                        |
      | topsecret                     |
      | whsec_GNHt5mPfHJsZyEtSbdtbEA== |
      | whsec_not base64!             |

  Scenario Outline: A secret is never given on the command line, where anyone sees it in ps
    When umud runs `hooks add site --on ArticlePublished --url https://example.com/newsroom --secret <secret>`
    Then it is refused with exit code 2
    And the error is one line mentioning "A secret on the command line is visible to everyone on this machine (ps); give it with --secret-file PATH or - (standard input)"
    And the error is one line mentioning "make one with generate"
    And nothing was written
    And no hook is wired

    Examples:
      | secret    |
      | whsec_CbuKHA36o82AkK4HpFr5Lti87ZDLPDwB+yAXOBuXCKA= |
      | topsecret |

  Scenario: A webhook's secret read from standard input
    Given the standard input holds "whsec_CbuKHA36o82AkK4HpFr5Lti87ZDLPDwB+yAXOBuXCKA="
    When umud runs `hooks add site --on ArticlePublished --url https://example.com/newsroom --secret -`
    Then the command succeeds
    And the log gained HookRegistered
    And the HookRegistered event records signed "True"
    And the output does not contain "CbuKHA36o82AkK4HpFr5Lti87ZDLPDwB"

  Scenario Outline: A hook URL that carries credentials is refused
    When umud runs `hooks add site --on ArticlePublished --url <url>`
    Then it is refused with exit code 2
    And the error is one line mentioning "carries credentials, which the log would show to everyone; give the receiver a secret instead"
    And the output does not contain "hunter2"
    And nothing was written
    And no hook is wired

    Examples:
      | url                                        |
      | https://desk:hunter2@example.com/newsroom  |
      | https://hunter2@example.com/newsroom       |

  Scenario Outline: Changing a hook's secrets is for chiefs, on a signed hook, one change at a time
    Given umud has run `hooks add site --on ArticlePublished --url https://example.com/newsroom --secret-file site.secret`
    And umud has run `hooks add open --on ArticlePublished --url https://example.com/open`
    When <person> runs `<command>`
    Then it is refused with exit code <code>
    And the error is one line mentioning "<says>"
    And nothing was written

    Examples:
      | person | command                                   | code | says                                                              |
      | kamran | hooks secret site --add generate          | 5    | wiring publishing hooks needs a chief                             |
      | nobody | hooks secret site --drop-old              | 5    | nobody is not on the staff of this newsroom                       |
      | umud   | hooks secret nowhere --add generate       | 3    | There is no hook nowhere.                                         |
      | umud   | hooks secret open --add generate          | 4    | Hook open does not sign its deliveries, so it has no secret to change. |
      | umud   | hooks secret site --drop-old              | 4    | Hook site signs with one secret only; there is no old one to drop. |
      | umud   | hooks secret site                         | 2    | Give one of --add SECRET or --drop-old.                           |
      | umud   | hooks secret site --add generate --drop-old | 2  | Give one of --add SECRET or --drop-old.                           |
      | umud   | hooks secret site --add topsecret         | 2    | A secret on the command line is visible to everyone on this machine |
      | umud   | hooks secret site --add-file missing.secret | 2  | Cannot read the secret file missing.secret                        |

  Scenario: A signed webhook whose secret is lost is never sent unsigned
    Given a web receiver $site that writes down every delivery
    And the operator lets hooks reach 127.0.0.0/8
    And umud has run `hooks add site --on ArticlePublished --url $site --secret-file site.secret`
    And the secret of hook site is lost from the store
    And article snow is published
    When umud runs `hooks run`
    Then the command succeeds
    And the output says "site: 0 delivered, 1 dead-lettered"
    And the web receiver got nothing
    And the dead letter of hook site says "the secret of hook site is missing"

  # --- where webhooks may go ------------------------------------------------------------

  Scenario Outline: A URL that names an address inside the newsroom's networks is refused
    When umud runs `hooks add site --on ArticlePublished --url <url>`
    Then it is refused with exit code 2
    And the error is one line mentioning "<says>, which hooks may not reach"
    And nothing was written
    And no hook is wired

    Examples:
      | url                                     | says                                                               |
      | http://169.254.169.254/latest/meta-data | 169.254.169.254, a link-local address (the cloud metadata service) |
      | http://[::1]:8080/newsroom              | ::1, a loopback address                                            |
      | http://[::ffff:127.0.0.1]/newsroom      | ::ffff:127.0.0.1, an IPv6 form of 127.0.0.1, a loopback address    |
      | http://10.0.0.1/newsroom                | 10.0.0.1, a private address                                        |
      | https://192.168.1.20/newsroom           | 192.168.1.20, a private address                                    |
      | http://100.64.0.1/newsroom              | 100.64.0.1, a carrier-grade NAT address                            |
      | http://0.0.0.0:8080/newsroom            | 0.0.0.0, an unspecified address                                    |
      | http://127.0.0.1:8080/newsroom          | 127.0.0.1, a loopback address                                      |
      | http://2130706433/newsroom              | 2130706433 resolves to 127.0.0.1, a loopback address               |
      | " http://10.0.0.1/padded"               | 10.0.0.1, a private address                                        |

  Scenario: The operator may let hooks reach a network of the newsroom's own
    Given the operator lets hooks reach 10.0.0.0/8, 127.0.0.0/8
    When umud runs `hooks add site --on ArticlePublished --url http://10.0.0.1/newsroom`
    Then the command succeeds
    And the log gained HookRegistered
    And the wired hooks are "site"

  Scenario: A webhook to an address the operator no longer allows becomes a dead letter
    Given a web receiver $site that writes down every delivery
    And the operator lets hooks reach 127.0.0.0/8
    And umud has run `hooks add site --on ArticlePublished --url $site`
    And the operator lets hooks reach no inner network
    And article snow is published
    When umud runs `hooks run`
    Then the command succeeds
    And the output says "site: 0 delivered, 1 dead-lettered"
    And the web receiver got nothing
    And the dead letter of hook site says "127.0.0.1, a loopback address, which hooks may not reach"

  Scenario: A host name is checked where it resolves, before each delivery
    Given a web receiver $site that writes down every delivery
    And umud has run `hooks add site --on ArticlePublished --url http://localhost:$site_port/newsroom`
    And article snow is published
    When umud runs `hooks run`
    Then the command succeeds
    And the output says "site: 0 delivered, 1 dead-lettered"
    And the web receiver got nothing
    And the dead letter of hook site says "localhost resolves to"

  Scenario: A webhook's redirect is not followed
    Given a web receiver $site that writes down every delivery
    And the web receiver answers "302"
    And the operator lets hooks reach 127.0.0.0/8
    And umud has run `hooks add site --on ArticlePublished --url $site`
    And article snow is published
    When umud runs `hooks run`
    Then the command succeeds
    And the output says "site: 0 delivered, 1 dead-lettered"
    And the web receiver got 1 attempts to deliver article snow
    And the dead letter of hook site says "HTTP 302 from"
    And the dead letter of hook site says "(redirects are not followed; fix the URL)"

  Scenario Outline: A receiver that refuses an event is not asked again; one that says "not now" is
    Given hooks try each delivery 3 times, 0.01 s apart at first
    And a web receiver $site that writes down every delivery
    And the web receiver answers "<status>"
    And the operator lets hooks reach 127.0.0.0/8
    And umud has run `hooks add site --on ArticlePublished --url $site`
    And article snow is published
    When umud runs `hooks run`
    Then the command succeeds
    And the output says "site: 0 delivered, 1 dead-lettered"
    And the web receiver got <attempts> attempts to deliver article snow
    And the dead letter of hook site says "<said>"

    Examples:
      | status | attempts | said                                                  |
      | 410    | 1        | HTTP 410 from                                         |
      | 410    | 1        | (not retried: the receiver refused it)                |
      | 400    | 1        | (not retried: the receiver refused it)                |
      | 429    | 3        | HTTP 429 from                                         |
      | 503    | 3        | HTTP 503 from                                         |

  Scenario: Networks the operator allows must be networks
    Given the operator lets hooks reach "10.0.0.0/8, the office"
    When umud runs `hooks run`
    Then it is refused with exit code 2
    And the error is one line mentioning "NEWSROOM_HOOK_ALLOW_NETWORKS must be networks separated by commas"
    And nothing was written

  # --- delivery --------------------------------------------------------------------------

  Scenario: A program hears each of its events once, in log order, with ninjs for what readers see
    Given umud has run `hooks add archive --on ArticleDrafted,ArticlePublished,ArticleCorrected,ArticleRetracted --exec "$receiver archive"`
    And article snow headlined "Snow in Bakku" is published
    And kamran has run `correct snow --headline "Snow in Baku" --note "Spelling of Baku."`
    And aysel has drafted article frost headlined "Frost in Ganja"
    And umud has run `retract snow --reason "The forecast was last year's."`
    When umud runs `hooks run`
    Then the command succeeds
    And the output says "archive: 5 delivered, 0 dead-lettered"
    And the receiver "archive" got, in this order:
      | global_position | event_type       | stream_id     | ninjs.uri                 | ninjs.pubstatus | ninjs.headlines.0.value |
      | 9               | ArticleDrafted   | article:snow  |                           |                 |                         |
      | 12              | ArticlePublished | article:snow  | urn:newsroom:article:snow | usable          | Snow in Bakku           |
      | 13              | ArticleCorrected | article:snow  | urn:newsroom:article:snow | usable          | Snow in Baku            |
      | 14              | ArticleDrafted   | article:frost |                           |                 |                         |
      | 15              | ArticleRetracted | article:snow  | urn:newsroom:article:snow | canceled        | Snow in Baku            |
    And the receiver "archive" got a ninjs document with ArticlePublished, ArticleCorrected and ArticleRetracted, and with nothing else
    And nothing was written

  Scenario: A second run delivers nothing again
    Given umud has run `hooks add archive --on ArticlePublished --exec "$receiver archive"`
    And article snow is published
    And umud has run `hooks run`
    When umud runs `hooks run`
    Then the command succeeds
    And the output says "archive: 0 delivered, 0 dead-lettered"
    And the receiver "archive" got, in this order:
      | global_position | event_type       |
      | 12              | ArticlePublished |
    And nothing was written

  Scenario: The list says how far each hook has delivered
    Given umud has run `hooks add archive --on ArticlePublished --exec "$receiver archive"`
    And article snow is published
    And umud has run `hooks run`
    When rashad runs `hooks list --json`
    Then the command succeeds
    And the JSON output's hooks are:
      | name    | checkpoint | dead_letters |
      | archive | 12         | 0            |

  Scenario: A hook wired later hears only what comes after it
    Given article snow headlined "Snow in Baku" is published
    And umud has run `hooks add archive --on ArticlePublished --exec "$receiver archive"`
    And article frost headlined "Frost in Ganja" is published
    When umud runs `hooks run`
    Then the command succeeds
    And the output says "archive: 1 delivered, 0 dead-lettered"
    And the receiver "archive" got, in this order:
      | global_position | event_type       | data.headline  |
      | 16              | ArticlePublished | Frost in Ganja |

  Scenario: A hook wired from the start hears the whole log
    Given article snow headlined "Snow in Baku" is published
    And umud has run `hooks add archive --on ArticlePublished --exec "$receiver archive" --from-start`
    And article frost headlined "Frost in Ganja" is published
    When umud runs `hooks run`
    Then the command succeeds
    And the output says "archive: 2 delivered, 0 dead-lettered"
    And the receiver "archive" got, in this order:
      | global_position | event_type       | data.headline  |
      | 11              | ArticlePublished | Snow in Baku   |
      | 16              | ArticlePublished | Frost in Ganja |

  Scenario: Each hook hears only its own events
    Given umud has run `hooks add drafts --on ArticleDrafted --exec "$receiver drafts"`
    And umud has run `hooks add wire --on ArticlePublished --exec "$receiver wire"`
    And article snow is published
    When umud runs `hooks run`
    Then the command succeeds
    And the output says "drafts: 1 delivered, 0 dead-lettered"
    And the output says "wire: 1 delivered, 0 dead-lettered"
    And the receiver "drafts" got, in this order:
      | global_position | event_type     |
      | 10              | ArticleDrafted |
    And the receiver "wire" got, in this order:
      | global_position | event_type       |
      | 13              | ArticlePublished |

  Scenario: The program is run as it was given, never through a shell
    Given umud has run `hooks add archive --on ArticlePublished --exec "$receiver 'archive $HOME'"`
    And article snow is published
    When umud runs `hooks run`
    Then the command succeeds
    And the receiver "archive $HOME" got, in this order:
      | global_position | event_type       |
      | 12              | ArticlePublished |

  Scenario: An embargoed article reaches the hooks once the tick has published it
    Given umud has run `hooks add wire --on ArticlePublished --exec "$receiver wire"`
    And article snow headlined "Snow in Baku" is scheduled for "18:00 14.11.2024"
    And umud has run `hooks run`
    And the clock reads "18:05 14.11.2024"
    And scheduler has run `tick`
    When umud runs `hooks run`
    Then the command succeeds
    And the output says "wire: 1 delivered, 0 dead-lettered"
    And the receiver "wire" got, in this order:
      | global_position | event_type       | actor     | metadata.role | data.published_at         | ninjs.headlines.0.value |
      | 13              | ArticlePublished | scheduler | scheduler     | 2024-11-14T14:00:00+00:00 | Snow in Baku            |

  # --- failures --------------------------------------------------------------------------

  Scenario: An event the target keeps refusing becomes a dead letter
    Given umud has run `hooks add archive --on ArticlePublished --exec "$receiver archive"`
    And article snow is published
    And the receiver "archive" fails every delivery
    When umud runs `hooks run`
    Then the command succeeds
    And the output says "archive: 0 delivered, 1 dead-lettered"
    And the receiver "archive" got nothing
    And nothing was written
    And hook archive has the dead letters:
      | global_position | event_type       | attempts |
      | 12              | ArticlePublished | 2        |
    And the dead letter of hook archive at position 12 says "exited with 3: the archive is down"

  Scenario: The dead letters, as an operator reads them
    Given umud has run `hooks add archive --on ArticlePublished --exec "$receiver archive"`
    And article snow is published
    And the receiver "archive" fails every delivery
    And umud has run `hooks run`
    When rashad runs `hooks dead-letters --json`
    Then the command succeeds
    And the JSON output's dead_letters are:
      | name    | global_position | event_type       | attempts |
      | archive | 12              | ArticlePublished | 2        |
    And nothing was written

  Scenario: Delivery goes on past a dead letter
    Given umud has run `hooks add archive --on ArticlePublished --exec "$receiver archive"`
    And article snow headlined "Snow in Baku" is published
    And the receiver "archive" fails every delivery
    And umud has run `hooks run`
    And the receiver "archive" works again
    And article frost headlined "Frost in Ganja" is published
    When umud runs `hooks run`
    Then the command succeeds
    And the output says "archive: 1 delivered, 0 dead-lettered"
    And the receiver "archive" got, in this order:
      | global_position | data.headline  |
      | 16              | Frost in Ganja |
    And hook archive has the dead letters:
      | global_position | event_type       |
      | 12              | ArticlePublished |

  Scenario: Retrying delivers the dead letters once the target works again
    Given umud has run `hooks add archive --on ArticlePublished --exec "$receiver archive"`
    And article snow headlined "Snow in Baku" is published
    And the receiver "archive" fails every delivery
    And umud has run `hooks run`
    And the receiver "archive" works again
    And article frost headlined "Frost in Ganja" is published
    And umud has run `hooks run`
    When umud runs `hooks retry archive`
    Then the command succeeds
    And the output says "Hook archive: 1 dead letters delivered, 0 still failing."
    And the receiver "archive" got, in this order:
      | global_position | data.headline  |
      | 16              | Frost in Ganja |
      | 12              | Snow in Baku   |
    And hook archive has no dead letters
    And nothing was written

  Scenario: Retrying while the target is still down keeps the dead letters
    Given umud has run `hooks add archive --on ArticlePublished --exec "$receiver archive"`
    And article snow is published
    And the receiver "archive" fails every delivery
    And umud has run `hooks run`
    When umud runs `hooks retry archive`
    Then it is refused with exit code 6
    And the error is one line mentioning "Hook archive: 0 dead letters delivered, 1 still failing; they stay dead letters, try again later."
    And nothing was written
    And the receiver "archive" got nothing
    And hook archive has the dead letters:
      | global_position | event_type       |
      | 12              | ArticlePublished |

  # --- maintenance: chiefs and the scheduler only ----------------------------------------

  Scenario Outline: Delivering, retrying, rebuilding and checkpoints are for a chief or the scheduler
    Given umud has run `hooks add archive --on ArticlePublished --exec "$receiver archive"`
    And article snow is published
    When <person> runs `<command>`
    Then it is refused with exit code 5
    And the error is one line mentioning "<person> is <role>; <task> needs a chief's or the scheduler's key."
    And nothing was written
    And the receiver "archive" got nothing

    Examples:
      | person | role        | command                    | task                  |
      | kamran | an editor   | hooks run                  | delivering to hooks   |
      | aysel  | a reporter  | hooks retry archive        | retrying dead letters |
      | kamran | an editor   | rebuild                    | rebuilding the views  |
      | rashad | a reporter  | checkpoint --out cp.txt    | signing a checkpoint  |

  Scenario: The scheduler delivers to hooks with its own key
    Given umud has run `hooks add archive --on ArticlePublished --exec "$receiver archive"`
    And article snow headlined "Snow in Baku" is published
    When scheduler runs `hooks run`
    Then the command succeeds
    And the receiver "archive" got, in this order:
      | global_position | data.headline |
      | 12              | Snow in Baku  |

  Scenario: A chief holding a key that is not their registered one may not deliver
    Given umud has run `hooks add archive --on ArticlePublished --exec "$receiver archive"`
    And article snow is published
    And rashad has a key "other.key"
    When umud runs `hooks run --key other.key`
    Then it is refused with exit code 5
    And the error is one line mentioning "umud"
    And nothing was written
    And the receiver "archive" got nothing

  Scenario: Someone not on the staff may not deliver
    When nobody runs `hooks run`
    Then it is refused with exit code 5
    And the error is one line mentioning "nobody is not on the staff of this newsroom"

  Scenario: A hook removed takes its dead letters with it
    Given umud has run `hooks add archive --on ArticlePublished --exec "$receiver archive"`
    And article snow is published
    And the receiver "archive" fails every delivery
    And umud has run `hooks run`
    When umud runs `hooks remove archive`
    Then the command succeeds
    And the log gained HookRemoved
    And no hook has dead letters

  Scenario: A failing hook never holds up editorial work
    Given the clock reads "09:00 14.11.2024"
    And the operator lets hooks reach 127.0.0.0/8
    And umud has run `hooks add archive --on ArticlePublished --exec "$receiver archive"`
    And umud has run `hooks add site --on ArticlePublished --url http://127.0.0.1:1/newsroom`
    And the receiver "archive" fails every delivery
    And article frost headlined "Frost in Ganja" is published
    And umud has run `hooks run`
    And the clock reads "10:00 14.11.2024"
    And article snow headlined "Snow in Baku" is approved
    When kamran runs `publish snow`
    Then the command succeeds
    And the log gained ArticlePublished
    And article snow is published
    And the ticker reads:
      """
      Snow in Baku
      10:00 14.11.2024
      Frost in Ganja
      09:00 14.11.2024
      """

  # --- the delivery ledger ----------------------------------------------------------------

  Rule: Every delivery outcome is kept in an append-only ledger, which verify proves

    Scenario: The ledger shows who got which version and the retraction notice
      Given a web receiver $site that writes down every delivery
      And the operator lets hooks reach 127.0.0.0/8
      And umud has run `hooks add archive --on ArticlePublished,ArticleCorrected,ArticleRetracted --exec "$receiver archive"`
      And umud has run `hooks add site --on ArticlePublished,ArticleRetracted --url $site`
      And article snow headlined "Snow in Bakku" is published
      And kamran has run `correct snow --headline "Snow in Baku" --note "Spelling of Baku."`
      And umud has run `retract snow --reason "The forecast was last year's."`
      And umud has run `hooks run`
      When rashad runs `deliveries snow --json`
      Then the command succeeds
      And nothing was written
      And the JSON output's deliveries are:
        | hook    | version | event_type       | retraction_notice | status    | attempts | code |
        | archive | 4       | ArticlePublished | False             | delivered | 1        | 0    |
        | archive | 5       | ArticleCorrected | False             | delivered | 1        | 0    |
        | archive | 6       | ArticleRetracted | True              | delivered | 1        | 0    |
        | site    | 4       | ArticlePublished | False             | delivered | 1        | 200  |
        | site    | 6       | ArticleRetracted | True              | delivered | 1        | 200  |
      And every delivery of article snow was at "10:00 14.11.2024"

    Scenario: A failing receiver is listed as failing, and what comes after it as pending
      Given umud has run `hooks add archive --on ArticlePublished,ArticleRetracted --exec "$receiver archive"`
      And article snow is published
      And the receiver "archive" fails every delivery
      And umud has run `hooks run`
      And umud has run `retract snow --reason "The forecast was last year's."`
      When rashad runs `deliveries snow`
      Then the command succeeds
      And the output says "failing"
      And the output says "exited with 3: the archive is down"
      And the output says "ArticleRetracted (retraction notice)"
      And the output says "0 delivered, 1 failing, 1 pending."

    Scenario: A changed ledger row fails verify
      Given umud has run `hooks add archive --on ArticlePublished --exec "$receiver archive"`
      And article snow is published
      And umud has run `hooks run`
      And someone who owns the store's file changed the code of row 1 of hook archive's ledger
      When umud runs `verify`
      Then it is refused with exit code 7
      And the error is one line mentioning "The delivery ledger is not intact at hook archive, row 1: changed (its content no longer matches its hash)."

    Scenario: The ledger cannot be rewritten
      Given umud has run `hooks add archive --on ArticlePublished --exec "$receiver archive"`
      And article snow is published
      And umud has run `hooks run`
      When someone changes and removes the rows of hook archive's ledger with SQL
      Then the store refused each with "the delivery ledger is append-only"
      And hook archive's ledger holds 1 delivery
      And umud can run `verify` and its output says "Delivery ledger: 1 attempt in 1 hook chain"

  Rule: A hook program runs only if the worker's operator allows it, with only what its hook names
    The worker's operator lists the programs hooks may run in a file outside the store
    (NEWSROOM_HOOK_PROGRAMS, one absolute path a line). A hook's program is resolved to
    its absolute path, recorded so in the log, and checked against the list when the
    hook is added and again before every run. It gets the event on its standard input
    and an environment of its own: the variables its hook names, a safe PATH and LANG,
    and which hook and event it is running for; nothing else of the worker's. It runs
    in its own process group, killed with everything it started when its time is up;
    its output is read and dropped, and only the end of its standard error is kept.

    Scenario: A program the operator has not listed is refused when the hook is added
      Given a hook program $stranger that the operator has not listed
      When umud runs `hooks add wire --on ArticlePublished --exec "$stranger --fast"`
      Then it is refused with exit code 2
      And the error is one line mentioning "is not in the allowed hook programs"
      And nothing was written

    Scenario: Without a list of allowed programs no program hook is added
      Given the operator lists no hook programs
      When umud runs `hooks add archive --on ArticlePublished --exec "$receiver archive"`
      Then it is refused with exit code 2
      And the error is one line mentioning "NEWSROOM_HOOK_PROGRAMS"
      And nothing was written

    Scenario: The log names the program by its absolute path
      Given the operator also allows the program "cat"
      When umud runs `hooks add copy --on ArticlePublished --exec "cat -u"`
      Then the command succeeds
      And the HookRegistered event records the program "cat" by its absolute path, with "-u"

    Scenario: A program taken off the list before the run is never run, and its event becomes a dead letter
      Given hooks try each delivery 1 times, 0.01 s apart at first
      And umud has run `hooks add archive --on ArticlePublished --exec "$receiver archive"`
      And article snow is published
      And the operator takes every program off the list of hook programs
      When umud runs `hooks run`
      Then the command succeeds
      And the receiver "archive" got nothing
      And the dead letter of hook archive says "not run: The program"
      And the dead letter of hook archive says "is not in the allowed hook programs"

    Scenario: The program sees only the environment its hook names
      Given the worker's environment holds ARCHIVE_TOKEN "tok-4711" and AWS_SECRET_ACCESS_KEY "wJalrXUtnFEMI"
      And a receiver program $env_dump that writes down its environment
      And umud has run `hooks add archive --on ArticlePublished --exec "$env_dump" --env ARCHIVE_TOKEN`
      And article snow is published
      When umud runs `hooks run`
      Then the command succeeds
      And the program's environment held exactly ARCHIVE_TOKEN, LANG, NEWSROOM_EVENT_ID, NEWSROOM_EVENT_TYPE, NEWSROOM_HOOK and PATH
      And the program was given ARCHIVE_TOKEN "tok-4711", NEWSROOM_HOOK "archive", NEWSROOM_EVENT_TYPE "ArticlePublished" and PATH "/usr/bin:/bin"
      And the log registers hook archive with the variables "ARCHIVE_TOKEN", and no values
      And no event in the log contains "tok-4711"

    Scenario: The list of hooks names the variables each program is given, never their values
      Given the worker's environment holds ARCHIVE_TOKEN "tok-4711" and AWS_REGION "eu-central-1"
      And umud has run `hooks add archive --on ArticlePublished --exec "$receiver archive" --env ARCHIVE_TOKEN --env AWS_REGION`
      And umud has run `hooks add drafts --on ArticleDrafted --exec "$receiver drafts"`
      When umud runs `hooks list --json`
      Then the command succeeds
      And the JSON output's hooks are:
        | name    | env                             |
        | archive | ['ARCHIVE_TOKEN', 'AWS_REGION'] |
        | drafts  | []                              |
      And the output does not contain "tok-4711"

    Scenario Outline: A hook names only variables a program may be given
      When umud runs `<command>`
      Then it is refused with exit code 2
      And the error is one line mentioning "<fragment>"
      And nothing was written

      Examples:
        | command                                                                                   | fragment                                      |
        | hooks add archive --on ArticlePublished --exec "$receiver archive" --env NEWSROOM_STORE    | is the worker's own setting                   |
        | hooks add archive --on ArticlePublished --exec "$receiver archive" --env 1TOKEN            | is not an environment variable's name         |
        | hooks add archive --on ArticlePublished --exec "$receiver archive" --env "A B"             | is not an environment variable's name         |
        | hooks add site --on ArticlePublished --url https://example.com/newsroom --env TOKEN        | Only a program (exec) hook is given           |

    Scenario: A program still running at its deadline is killed with everything it started
      Given hooks try each delivery 1 times, 0.01 s apart at first
      And hooks time out after 1 s
      And a hook program $stuck that starts a helper and then waits for ever
      And umud has run `hooks add stuck --on ArticlePublished --exec "$stuck"`
      And article snow is published
      When umud runs `hooks run`
      Then the command succeeds
      And the dead letter of hook stuck says "took longer than 1 s; it was killed with its process group"
      And the program's helper is no longer running

    Scenario: A program that writes a flood of output is delivered, and the worker keeps none of it
      Given a hook program $chatty that writes 100 MB to its standard output and 100 MB to its standard error
      And umud has run `hooks add chatty --on ArticlePublished --exec "$chatty"`
      And article snow is published
      When umud runs `hooks run` and its memory is watched
      Then the command succeeds
      And the output says "chatty: 1 delivered, 0 dead-lettered"
      And the run's peak memory stayed under 200 MB

    Scenario: A program that fails after a flood of errors leaves a short dead letter
      Given hooks try each delivery 1 times, 0.01 s apart at first
      And a hook program $chatty that writes 50 MB to its standard error, then fails
      And umud has run `hooks add chatty --on ArticlePublished --exec "$chatty"`
      And article snow is published
      When umud runs `hooks run`
      Then the command succeeds
      And the dead letter of hook chatty says "exited with 4: xxxx"
      And the dead letter of hook chatty is at most 600 characters long

    Scenario: The operator runs hook programs as another user
      Given the operator runs hook programs as "nobody"
      And a receiver program $whoami that writes down the user it runs as
      And umud has run `hooks add whoami --on ArticlePublished --exec "$whoami"`
      And article snow is published
      When umud runs `hooks run`
      Then the command succeeds
      And the program ran as the user "nobody"

    Scenario: A user the machine does not know is a bad setting
      Given umud has run `hooks add archive --on ArticlePublished --exec "$receiver archive"`
      And the operator runs hook programs as "no-such-user"
      When umud runs `hooks run`
      Then it is refused with exit code 2
      And the error is one line mentioning "NEWSROOM_HOOK_USER names no user of this machine"

  Rule: A webhook's secrets are sealed in the store, under a key kept outside it
    The store holds each secret only as a Fernet token, sealed with the newest key of
    NEWSROOM_SECRET_KEY_FILE (default ~/.config/newsroom/secret-key, made 0600 on first
    need); a copy of the store carries no secret anyone can sign with. Without the key
    that sealed them, nothing is signed and nothing is posted.

    Scenario: A webhook's secret is not in the store's bytes
      When umud runs `hooks add site --on ArticlePublished --url https://example.com/newsroom --secret-file site.secret`
      Then the command succeeds
      And no file of the store holds the secret in "site.secret"
      And the store holds the secret of hook site sealed
      And "~/.config/newsroom/secret-key" is private to its owner

    Scenario: The worker signs with the sealed secret, unsealed with the key the operator names
      Given a web receiver $site that writes down every delivery
      And the operator lets hooks reach 127.0.0.0/8
      And umud has run `hooks secret-key --file keys/hooks.key`
      And NEWSROOM_SECRET_KEY_FILE names "keys/hooks.key"
      And umud has run `hooks add site --on ArticlePublished --url $site --secret-file site.secret`
      And umud has run `hooks secret site --add-file next.secret`
      And article snow is published
      When umud runs `hooks run`
      Then the command succeeds
      And the output says "site: 1 delivered, 0 dead-lettered"
      And the web receiver's delivery of article snow verifies with "whsec_CbuKHA36o82AkK4HpFr5Lti87ZDLPDwB+yAXOBuXCKA=" and "whsec_Nd0l17QOUVyPnnqhkJzqZtsE6GfjvfzaiFRY+GDt93A="
      And no file of the store holds the secret in "next.secret"
      And "keys/hooks.key" is private to its owner
      And "keys" is private to its owner

    Scenario: With another sealing key, the delivery is a dead letter and nothing is posted
      Given a web receiver $site that writes down every delivery
      And the operator lets hooks reach 127.0.0.0/8
      And umud has run `hooks add site --on ArticlePublished --url $site --secret-file site.secret`
      And umud has run `hooks secret-key --file other.key`
      And NEWSROOM_SECRET_KEY_FILE names "other.key"
      And article snow is published
      When umud runs `hooks run`
      Then the command succeeds
      And the output says "site: 0 delivered, 1 dead-lettered"
      And the dead letter of hook site says "Cannot unseal the secret of hook site: wrong NEWSROOM_SECRET_KEY_FILE"
      And the web receiver got nothing

    Scenario: With the sealing key gone, the delivery is a dead letter and nothing is posted
      Given a web receiver $site that writes down every delivery
      And the operator lets hooks reach 127.0.0.0/8
      And umud has run `hooks add site --on ArticlePublished --url $site --secret-file site.secret`
      And NEWSROOM_SECRET_KEY_FILE names "gone.key"
      And article snow is published
      When umud runs `hooks run`
      Then the command succeeds
      And the output says "site: 0 delivered, 1 dead-lettered"
      And the dead letter of hook site says "There is no secret key file at"
      And the web receiver got nothing

    Scenario: Changing a sealed secret needs the key that sealed it
      Given umud has run `hooks add site --on ArticlePublished --url https://example.com/newsroom --secret-file site.secret`
      And umud has run `hooks secret-key --file other.key`
      And NEWSROOM_SECRET_KEY_FILE names "other.key"
      When umud runs `hooks secret site --add-file next.secret`
      Then it is refused with exit code 5
      And the error is one line mentioning "Cannot unseal the secret of hook site: wrong NEWSROOM_SECRET_KEY_FILE"
      And the store holds the secret of hook site sealed

    Scenario: A secret key file the operator names is never made on the fly
      Given NEWSROOM_SECRET_KEY_FILE names "missing.key"
      When umud runs `hooks add site --on ArticlePublished --url https://example.com/newsroom --secret-file site.secret`
      Then it is refused with exit code 3
      And the error is one line mentioning "There is no secret key file at"
      And nothing was written
      And no hook is wired

    Scenario: A secret key file others can read is refused
      Given umud has run `hooks secret-key --file open.key`
      And "open.key" is made readable by everyone
      And NEWSROOM_SECRET_KEY_FILE names "open.key"
      When umud runs `hooks add site --on ArticlePublished --url https://example.com/newsroom --secret-file site.secret`
      Then it is refused with exit code 2
      And the error is one line mentioning "can be read by others (mode 0644); make it private: chmod 600"
      And nothing was written

    Scenario: A key file is never overwritten
      Given umud has run `hooks secret-key --file keys/hooks.key`
      When umud runs `hooks secret-key --file keys/hooks.key`
      Then it is refused with exit code 2
      And the error is one line mentioning "already exists; a key file is never overwritten"

    Scenario: A secret an older newsroom stored in plain text is sealed by init
      Given a web receiver $site that writes down every delivery
      And the operator lets hooks reach 127.0.0.0/8
      And umud has run `hooks add site --on ArticlePublished --url $site --secret-file site.secret`
      And the store holds the secret of hook site in plain text, from "site.secret"
      And article snow is published
      When umud runs `init`
      Then the command succeeds
      And the output says "Sealed the secrets of 1 hook with the key"
      And the store holds the secret of hook site sealed
      And no file of the store holds the secret in "site.secret"
      And the next `hooks run` delivers article snow signed with "whsec_CbuKHA36o82AkK4HpFr5Lti87ZDLPDwB+yAXOBuXCKA="

    Scenario: The sealing key is rotated: a new key first, every secret re-sealed with it
      Given a web receiver $site that writes down every delivery
      And the operator lets hooks reach 127.0.0.0/8
      And umud has run `hooks secret-key --file hooks.key`
      And NEWSROOM_SECRET_KEY_FILE names "hooks.key"
      And umud has run `hooks add site --on ArticlePublished --url $site --secret-file site.secret`
      And umud has run `hooks secret-key --file hooks.key --rotate`
      And article snow is published
      When umud runs `hooks reseal`
      Then the command succeeds
      And the output says "Sealed the secrets of 1 hook with the newest key of"
      And the old key of "hooks.key" no longer opens the secret of hook site
      And the next `hooks run` delivers article snow signed with "whsec_CbuKHA36o82AkK4HpFr5Lti87ZDLPDwB+yAXOBuXCKA="

    Scenario: Re-sealing is for a chief
      Given umud has run `hooks add site --on ArticlePublished --url https://example.com/newsroom --secret-file site.secret`
      When kamran runs `hooks reseal`
      Then it is refused with exit code 5
      And the error is one line mentioning "kamran is an editor"

    Scenario: Without the sealing key, init upgrades the store and says the secrets stay in plain text
      Given umud has run `hooks add site --on ArticlePublished --url https://example.com/newsroom --secret-file site.secret`
      And the store holds the secret of hook site in plain text, from "site.secret"
      And NEWSROOM_SECRET_KEY_FILE names "missing.key"
      When umud runs `init`
      Then the command succeeds, warning "hook secrets stay in plain text in the store: There is no secret key file at"

  # --- isolation and deadlines -----------------------------------------------------------

  Rule: A hook that hangs holds up only itself, and every send ends at its deadline

    Background:
      Given the store's clock is the real one
      And hooks give each send 1 s
      And the operator lets hooks reach 127.0.0.0/8
      And a listener $hole that takes connections and never answers

    Scenario: A hanging hook does not delay another hook
      Given a web receiver $healthy that notes when each event arrives
      And umud has run `hooks add stuck --on ArticleDrafted --url http://127.0.0.1:$hole_port/newsroom`
      And umud has run `hooks add healthy --on ArticleDrafted --url $healthy`
      And the worker is running
      When aysel drafts 4 articles, 0.5 s apart
      Then the receiver $healthy got each of the drafts within 1.5 s of its recording

    Scenario: A hanging hook does not delay an embargo
      Given umud has run `hooks add stuck --on ArticleDrafted,ArticlePublished --url http://127.0.0.1:$hole_port/newsroom`
      And article budget is approved for publication 3 s from now
      And the worker is running
      When aysel drafts 2 articles, 0.5 s apart
      Then article budget was published by the scheduler within 1.5 s of its time

    Scenario: A hook wired while the worker runs gets a lane of its own, and a removed one loses it
      Given a web receiver $healthy that notes when each event arrives
      And umud has run `hooks add stuck --on ArticleDrafted --url http://127.0.0.1:$hole_port/newsroom`
      And the worker is running
      And umud has run `hooks add late --on ArticleDrafted --url $healthy`
      And umud has run `hooks remove stuck`
      When aysel drafts 2 articles, 0.5 s apart
      Then the receiver $healthy got each of the drafts within 1.5 s of its recording
      And the worker's log says hooks.lane.started for hook late
      And the worker's log says hooks.lane.stopped for hook stuck

    Scenario: SIGTERM cuts short the send of a hook that hangs, which goes again next time
      Given hooks try each delivery 5 times, 0.5 s apart at first
      And hooks give each send 5 s
      And umud has run `hooks add stuck --on ArticleDrafted --url http://127.0.0.1:$hole_port/newsroom`
      And the worker is running
      When aysel drafts an article
      And the worker is sent SIGTERM while hook stuck waits for an answer
      Then the worker stopped within 2 s, with exit code 0
      And hook stuck has no dead letters
      And the checkpoint of hook stuck is where it was wired

    Scenario Outline: An unreachable NATS server fails each attempt within the deadline
      Given a port $closed that nothing listens on
      And NATS is at "nats://127.0.0.1:<port>"
      And umud has run `hooks add bus --on ArticleDrafted --nats newsroom.articles`
      And aysel has drafted article snow headlined "Snow in Baku"
      When umud runs `hooks run` with a stopwatch running
      Then the command succeeds
      And the output says "bus: 0 delivered, 1 dead-lettered"
      And the stopwatch reads at most 3.5 s
      And the dead letter of hook bus says "<says>"

      Examples:
        | port       | says                  |
        | $hole_port | no answer within 1 s  |
        | $closed_port | NATS nats://127.0.0.1 |

    Scenario: A webhook whose answer trickles in fails at the deadline, not byte by byte
      Given a web server $slow that answers one byte a second
      And umud has run `hooks add site --on ArticleDrafted --url $slow`
      And aysel has drafted article snow headlined "Snow in Baku"
      When umud runs `hooks run` with a stopwatch running
      Then the command succeeds
      And the output says "site: 0 delivered, 1 dead-lettered"
      And the stopwatch reads at most 3.5 s
      And the dead letter of hook site says "no answer within 1 s"

  Rule: No transaction holds the others up for long
    A writer that cannot have the store in time gives up with exit 6 and writes nothing:
    SQLite's busy timeout, PostgreSQL's lock_timeout on the log head (NEWSROOM_BUSY_TIMEOUT
    for both), and on PostgreSQL a transaction left idle is ended by the server.

    Scenario: A hook wiring stuck behind another writer gives up, and nothing is wired
      Given writers wait at most 0.5 s for the store
      And another writer holds the store's write lock and does not let go
      When umud runs `hooks add archive --on ArticlePublished --nats newsroom.published`
      Then it is refused with exit code 6
      And the error is one line mentioning "try again"
      And nothing was written

    Scenario: Delivering stuck behind another writer gives up with exit 6 too
      Given umud has run `hooks add archive --on ArticlePublished --nats newsroom.published --from-start`
      And article snow is published
      And writers wait at most 0.5 s for the store
      And another writer holds the store's write lock and does not let go
      When umud runs `hooks run`
      Then it is refused with exit code 6
      And the error is one line mentioning "try again"
