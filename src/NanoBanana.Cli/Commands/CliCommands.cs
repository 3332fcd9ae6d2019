using System.CommandLine;

namespace NanoBanana.Cli.Commands;

/// <summary>The command tree of <c>nanobanana</c>.</summary>
internal static class CliCommands
{
    public static RootCommand Build(CliGlobals globals)
    {
        var root = new RootCommand(
            "nanobanana: Google's Gemini image models (Nano Banana) from a terminal or a CI script, on NanoBanana.Sdk. "
            + "Exit codes: 0 success; 1 the service or network failed; 2 bad input (refused before any request); 3 a Batch job ended FAILED/CANCELLED/EXPIRED or with failed items; 130 interrupted.")
        {
            GenerateCommand.Create(globals),
            BatchCommands.Create(globals),
            ProviderCommands.Create(globals),
            PriceCommand.Create(globals),
            PlanCommand.Create(globals),
            LaunchCheckCommand.Create(globals),
        };
        root.Add(globals.Json);
        root.Add(globals.Config);
        return root;
    }
}
