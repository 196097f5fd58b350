Feature: The store's files are private
  A store holds what no other login on the machine should read: drafts, photos under
  embargo, hook secrets (sealed, but still). Whatever the umask, newsroom makes the
  store's file and the -wal and -shm files SQLite keeps beside it, the media folder, the
  files it exports and its keys readable by their owner only: files 0600 (a photo 0400,
  since it never changes), folders 0700. A site build is the exception: it is for
  everyone to read, 0644 and folders 0755, whatever the umask. `init` makes the files of
  a store from before private too.

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

  Scenario: A store made under umask 000 is its owner's alone
    Then "newsroom.db" is private to its owner
    And while the store is open, its -wal and -shm files are private to their owner

  Scenario: The media folder is its owner's alone, public copies and all
    Given a JPEG image "snow.jpg"
    And aysel has drafted article snow headlined "Snow in Baku"
    When aysel runs `photo add snow snow.jpg --caption "Fountain Square" --credit "Aysel M."`
    Then the command succeeds
    And "media" and everything in it are private to their owner

  Scenario: An export is written for its owner only
    When umud runs `export log.jsonl`
    Then "log.jsonl" is private to its owner

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
    And "newsroom.db" is made readable by everyone
    And "media" is made readable by everyone
    When umud runs `init`
    Then the command succeeds
    And the output says "Made private to you (0600, 0700):"
    And "newsroom.db" is private to its owner
    And "media" is private to its owner

  Scenario: A site build is for everyone to read, whatever the umask
    Given the umask is 077
    And article snow headlined "Snow in Baku" is published
    When umud runs `site build public`
    Then the command succeeds
    And "public" and everything in it can be read by everyone, written by its owner only
