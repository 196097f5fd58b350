Feature: The store's files are private
  A store holds what no other login on the machine should read: drafts, photos under
  embargo, hook secrets (sealed, but still). Whatever the umask, newsroom makes the
  store's file and the -wal and -shm files SQLite keeps beside it, the photos as they
  were added, the files it exports and its keys readable by their owner only: files
  0600 (a photo 0400, since it never changes), folders 0700. What is made to be
  published is for everyone to read: a site build, and the public copies of published
  photos in `MEDIA/public/` that hooks' receivers fetch (0644 or 0444, folders 0755; the
  media folder is 0711, so a web server passes through it to `public/` and sees nothing
  else). `init` makes the files of a store from before private too.

  Background:
    Given the umask is 000
    And the newsroom staff:
      | name      | role      |
      | umud      | chief     |
      | aysel     | reporter  |
      | rashad    | reporter  |
      | kamran    | editor    |
      | leyla     | editor    |
      | scheduler | scheduler |

  Scenario: A store made under umask 000 is its owner's alone, and so is its log key
    Then "newsroom.db" is private to its owner
    And while the store is open, its -wal and -shm files are private to their owner
    And "log-key" is private to its owner

  Scenario: A photo as it was added is its owner's alone
    Given a JPEG image "snow.jpg"
    And aysel has drafted article snow headlined "Snow in Baku"
    When aysel runs `photo add snow snow.jpg --caption "Fountain Square" --credit "Aysel M."`
    Then the command succeeds
    And "media" has mode 0711
    And nothing in "media" but its public copies can be read by others

  Scenario: The public copies of a published article's photos are for everyone to read
    Given a JPEG image "snow.jpg"
    And aysel has drafted article snow headlined "Snow in Baku"
    And aysel has run `photo add snow snow.jpg --caption "Fountain Square" --credit "Aysel M."`
    And aysel has run `submit snow`
    And kamran has run `approve snow`
    And kamran has run `publish snow`
    And a receiver program $receiver that writes down every event it is sent
    And umud has run `hooks add archive --on ArticlePublished --exec "$receiver archive" --from-start`
    When umud runs `hooks run`
    Then the command succeeds
    And "media/public" and everything in it can be read by everyone, changed by its owner only
    And nothing in "media" but its public copies can be read by others

  Scenario Outline: What newsroom writes out is for its owner only
    When umud runs `<command>`
    Then "<file>" is private to its owner

    Examples:
      | command                         | file           |
      | export log.jsonl                | log.jsonl      |
      | checkpoint --out log.checkpoint | log.checkpoint |

  Scenario Outline: Keys are made private, and so are the folders made for them
    When umud runs `<command>`
    Then the command succeeds
    And "<key>" is private to its owner
    And "<folder>" is private to its owner

    Examples:
      | command                                      | key                  | folder      |
      | keys create --file people/umud.key           | people/umud.key      | people      |
      | hooks secret-key --file secrets/a/hooks.key  | secrets/a/hooks.key  | secrets     |
      | hooks secret-key --file secrets/a/hooks.key  | secrets/a/hooks.key  | secrets/a   |

  Scenario: init makes the files of an older store private
    Given a JPEG image "snow.jpg"
    And aysel has drafted article snow headlined "Snow in Baku"
    And aysel has run `photo add snow snow.jpg --caption "Fountain Square" --credit "Aysel M."`
    And "newsroom.db" and everything in "media" are made readable by everyone
    When umud runs `init`
    Then the command succeeds
    And the output says "Made private to you (0600, 0700):"
    And "newsroom.db" is private to its owner
    And "media" has mode 0711
    And nothing in "media" but its public copies can be read by others

  Scenario Outline: A site build is for everyone to read, whatever the umask
    Given the umask is <umask>
    And article snow headlined "Snow in Baku" is published
    When umud runs `site build public`
    Then the command succeeds
    And "public" and everything in it can be read by everyone, changed by its owner only

    Examples:
      | umask |
      | 000   |
      | 077   |
