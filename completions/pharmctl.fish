# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_pharmctl_global_optspecs
    string join \n database-url= config= no-config format= color= v/verbose q/quiet h/help V/version
end

function __fish_pharmctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_pharmctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_pharmctl_using_subcommand
    set -l cmd (__fish_pharmctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c pharmctl -n "__fish_pharmctl_needs_command" -l database-url -d 'Database to connect to: a postgres:// URL or a libpq key=value string' -r
complete -c pharmctl -n "__fish_pharmctl_needs_command" -l config -d 'Read settings from this file instead of ./pharmctl.toml' -r -F
complete -c pharmctl -n "__fish_pharmctl_needs_command" -l format -d 'Output format of the result on stdout' -r -f -a "table\t'Tables for a terminal'
markdown\t'GitHub-flavoured markdown'
json\t'JSON with a format_version field'"
complete -c pharmctl -n "__fish_pharmctl_needs_command" -l color -d 'When to colour terminal output (NO_COLOR is honoured)' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t'Always colour table output'
never\t'Never colour'"
complete -c pharmctl -n "__fish_pharmctl_needs_command" -l no-config -d 'Do not read any config file'
complete -c pharmctl -n "__fish_pharmctl_needs_command" -s v -l verbose -d 'Log what ran and how long it took; twice also logs the SQL sent'
complete -c pharmctl -n "__fish_pharmctl_needs_command" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c pharmctl -n "__fish_pharmctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pharmctl -n "__fish_pharmctl_needs_command" -s V -l version -d 'Print version'
complete -c pharmctl -n "__fish_pharmctl_needs_command" -f -a "audit" -d 'Run every health, performance and security check and print one report'
complete -c pharmctl -n "__fish_pharmctl_needs_command" -f -a "stats" -d 'Show data volumes, cache hit ratio and connections'
complete -c pharmctl -n "__fish_pharmctl_needs_command" -f -a "fixtures" -d 'Create the base schema and load production-shaped data'
complete -c pharmctl -n "__fish_pharmctl_needs_command" -f -a "demo" -d 'Start a throwaway PostgreSQL, load fixtures and report on it'
complete -c pharmctl -n "__fish_pharmctl_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c pharmctl -n "__fish_pharmctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand audit" -l only -d 'Run only these checks (ids from --list-checks; repeatable or comma-separated)' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand audit" -l skip -d 'Leave these checks out (repeatable or comma-separated)' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand audit" -l fail-on -d 'Exit with code 1 when a finding at this level or above remains' -r -f -a "info\t'Any finding'
warn\t'Warnings and errors'
error\t'Errors only'
never\t'Never exit 1 for findings'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand audit" -l ignore-file -d 'Findings to ignore: a TOML file of check id, object, reason and expiry date' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand audit" -l database-url -d 'Database to connect to: a postgres:// URL or a libpq key=value string' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand audit" -l config -d 'Read settings from this file instead of ./pharmctl.toml' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand audit" -l format -d 'Output format of the result on stdout' -r -f -a "table\t'Tables for a terminal'
markdown\t'GitHub-flavoured markdown'
json\t'JSON with a format_version field'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand audit" -l color -d 'When to colour terminal output (NO_COLOR is honoured)' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t'Always colour table output'
never\t'Never colour'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand audit" -l list-checks -d 'Print the checks (id, level, category, what) and exit without connecting'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand audit" -l no-config -d 'Do not read any config file'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand audit" -s v -l verbose -d 'Log what ran and how long it took; twice also logs the SQL sent'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand audit" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand audit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand stats" -l schema -d 'Only report tables in this schema (repeatable; default: every user schema)' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand stats" -l database-url -d 'Database to connect to: a postgres:// URL or a libpq key=value string' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand stats" -l config -d 'Read settings from this file instead of ./pharmctl.toml' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand stats" -l format -d 'Output format of the result on stdout' -r -f -a "table\t'Tables for a terminal'
markdown\t'GitHub-flavoured markdown'
json\t'JSON with a format_version field'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand stats" -l color -d 'When to colour terminal output (NO_COLOR is honoured)' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t'Always colour table output'
never\t'Never colour'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand stats" -l no-config -d 'Do not read any config file'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand stats" -s v -l verbose -d 'Log what ran and how long it took; twice also logs the SQL sent'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand stats" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand stats" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and not __fish_seen_subcommand_from load help" -l database-url -d 'Database to connect to: a postgres:// URL or a libpq key=value string' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and not __fish_seen_subcommand_from load help" -l config -d 'Read settings from this file instead of ./pharmctl.toml' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and not __fish_seen_subcommand_from load help" -l format -d 'Output format of the result on stdout' -r -f -a "table\t'Tables for a terminal'
markdown\t'GitHub-flavoured markdown'
json\t'JSON with a format_version field'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and not __fish_seen_subcommand_from load help" -l color -d 'When to colour terminal output (NO_COLOR is honoured)' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t'Always colour table output'
never\t'Never colour'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and not __fish_seen_subcommand_from load help" -l no-config -d 'Do not read any config file'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and not __fish_seen_subcommand_from load help" -s v -l verbose -d 'Log what ran and how long it took; twice also logs the SQL sent'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and not __fish_seen_subcommand_from load help" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and not __fish_seen_subcommand_from load help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and not __fish_seen_subcommand_from load help" -f -a "load" -d 'Create the schema and load the data in one transaction'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and not __fish_seen_subcommand_from load help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and __fish_seen_subcommand_from load" -l scale -d 'Multiply stores, employees and shifts by N (1 = 97 stores, 1,027 employees, 9,793 shifts)' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and __fish_seen_subcommand_from load" -l seed -d 'Seed of the deterministic generator' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and __fish_seen_subcommand_from load" -l database-url -d 'Database to connect to: a postgres:// URL or a libpq key=value string' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and __fish_seen_subcommand_from load" -l config -d 'Read settings from this file instead of ./pharmctl.toml' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and __fish_seen_subcommand_from load" -l format -d 'Output format of the result on stdout' -r -f -a "table\t'Tables for a terminal'
markdown\t'GitHub-flavoured markdown'
json\t'JSON with a format_version field'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and __fish_seen_subcommand_from load" -l color -d 'When to colour terminal output (NO_COLOR is honoured)' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t'Always colour table output'
never\t'Never colour'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and __fish_seen_subcommand_from load" -l replace -d 'Delete the rows already in the nine tables and load again'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and __fish_seen_subcommand_from load" -l no-config -d 'Do not read any config file'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and __fish_seen_subcommand_from load" -s v -l verbose -d 'Log what ran and how long it took; twice also logs the SQL sent'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and __fish_seen_subcommand_from load" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and __fish_seen_subcommand_from load" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and __fish_seen_subcommand_from help" -f -a "load" -d 'Create the schema and load the data in one transaction'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand fixtures; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand demo" -l scale -d 'Multiply stores, employees and shifts by N (1 = 97 stores, 1,027 employees, 9,793 shifts)' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand demo" -l seed -d 'Seed of the deterministic generator' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand demo" -l database-url -d 'Database to connect to: a postgres:// URL or a libpq key=value string' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand demo" -l config -d 'Read settings from this file instead of ./pharmctl.toml' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand demo" -l format -d 'Output format of the result on stdout' -r -f -a "table\t'Tables for a terminal'
markdown\t'GitHub-flavoured markdown'
json\t'JSON with a format_version field'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand demo" -l color -d 'When to colour terminal output (NO_COLOR is honoured)' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t'Always colour table output'
never\t'Never colour'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand demo" -l keep -d 'Keep the server running after the report, until Ctrl-C, and print its URL'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand demo" -l no-config -d 'Do not read any config file'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand demo" -s v -l verbose -d 'Log what ran and how long it took; twice also logs the SQL sent'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand demo" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand demo" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand completions" -l database-url -d 'Database to connect to: a postgres:// URL or a libpq key=value string' -r
complete -c pharmctl -n "__fish_pharmctl_using_subcommand completions" -l config -d 'Read settings from this file instead of ./pharmctl.toml' -r -F
complete -c pharmctl -n "__fish_pharmctl_using_subcommand completions" -l format -d 'Output format of the result on stdout' -r -f -a "table\t'Tables for a terminal'
markdown\t'GitHub-flavoured markdown'
json\t'JSON with a format_version field'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand completions" -l color -d 'When to colour terminal output (NO_COLOR is honoured)' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t'Always colour table output'
never\t'Never colour'"
complete -c pharmctl -n "__fish_pharmctl_using_subcommand completions" -l no-config -d 'Do not read any config file'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand completions" -s v -l verbose -d 'Log what ran and how long it took; twice also logs the SQL sent'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand completions" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand help; and not __fish_seen_subcommand_from audit stats fixtures demo completions help" -f -a "audit" -d 'Run every health, performance and security check and print one report'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand help; and not __fish_seen_subcommand_from audit stats fixtures demo completions help" -f -a "stats" -d 'Show data volumes, cache hit ratio and connections'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand help; and not __fish_seen_subcommand_from audit stats fixtures demo completions help" -f -a "fixtures" -d 'Create the base schema and load production-shaped data'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand help; and not __fish_seen_subcommand_from audit stats fixtures demo completions help" -f -a "demo" -d 'Start a throwaway PostgreSQL, load fixtures and report on it'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand help; and not __fish_seen_subcommand_from audit stats fixtures demo completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand help; and not __fish_seen_subcommand_from audit stats fixtures demo completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pharmctl -n "__fish_pharmctl_using_subcommand help; and __fish_seen_subcommand_from fixtures" -f -a "load" -d 'Create the schema and load the data in one transaction'
