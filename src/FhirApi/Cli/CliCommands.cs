using System.CommandLine;

namespace FhirChain.FhirApi.Cli;

/// <summary>
/// The server's command-line tools, run as <c>dotnet run --project src/FhirApi -- COMMAND ...</c>.
/// Without a known command the program starts the server.
/// </summary>
internal static class CliCommands
{
    /// <summary>Each command: its name and how to build it. A new command adds one line here.</summary>
    private static readonly (string Name, Func<Command> Create)[] Commands =
    [
        ("audit", AuditCommand.Create),
        ("load", LoadCommand.Create),
        ("import-hl7", Hl7v2.ImportHl7Command.Create),
        ("search-bench", Search.SearchBenchCommand.Create),
        ("token", Auth.TokenCommand.Create),
    ];

    public static bool IsCommand(string[] args) =>
        args.Length > 0 && (Commands.Any(c => c.Name == args[0]));

    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("FhirChain command-line tools. Without a command, the program starts the FHIR server.");
        foreach (var (_, create) in Commands)
        {
            root.Subcommands.Add(create());
        }

        return await root.Parse(args).InvokeAsync();
    }
}
