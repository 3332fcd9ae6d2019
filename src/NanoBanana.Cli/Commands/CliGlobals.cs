using System.CommandLine;
using Microsoft.Extensions.Configuration;
using NanoBanana.Cli.Hosting;
using NanoBanana.Cli.Output;

namespace NanoBanana.Cli.Commands;

/// <summary>What every command shares: the run's context and the options that apply everywhere (<c>--json</c>, <c>--config</c>).</summary>
internal sealed class CliGlobals(NanoBananaCliContext context)
{
    public NanoBananaCliContext Context { get; } = context;

    public Option<bool> Json { get; } = new("--json")
    {
        Recursive = true,
        Description = "Print exactly one JSON object on standard output (camelCase, stable names) and nothing else there.",
    };

    public Option<string?> Config { get; } = new("--config")
    {
        Recursive = true,
        HelpName = "FILE",
        Description = "A JSON file with a top-level NanoBanana section (the same shape as an app's appsettings.json). Above the embedded defaults, below NanoBanana__* variables, the key variables and options.",
    };

    /// <summary>Sets a command's action: a session for its output, the CLI's error handling and exit codes around the body.</summary>
    public void SetAction(Command command, Func<ParseResult, CliSession, CancellationToken, Task<int>> body) =>
        command.SetAction((parse, cancellationToken) =>
            NanoBananaCli.InvokeAsync(new CliSession(Context, parse.GetValue(Json)), (session, token) => body(parse, session, token), cancellationToken));

    /// <summary>The layered configuration for this run; <paramref name="options"/> are the command-line layer (highest).</summary>
    public ConfigurationManager Configuration(ParseResult parse, IReadOnlyDictionary<string, string?>? options = null) =>
        CliConfiguration.Build(parse.GetValue(Config), Context.Environment, options ?? new Dictionary<string, string?>());
}
