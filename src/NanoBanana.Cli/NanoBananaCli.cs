using System.CommandLine;
using Microsoft.Extensions.Options;
using NanoBanana.Cli.Commands;
using NanoBanana.Cli.Output;
using NanoBanana.Sdk.Errors;

namespace NanoBanana.Cli;

/// <summary>
/// The <c>nanobanana</c> command line as a library call: the executable passes its arguments, console and
/// environment; tests pass their own writers and environment and run commands in process. Exit codes are
/// <see cref="CliExitCodes"/>.
/// </summary>
public static class NanoBananaCli
{
    /// <summary>Parses <paramref name="args"/> and runs the command.</summary>
    /// <param name="args">The arguments after the command name, e.g. <c>["price", "--model", "gemini-3-pro-image", "--json"]</c>.</param>
    /// <param name="context">Where the run reads and writes: writers, environment, clock.</param>
    /// <param name="cancellationToken">Interrupts the run (Ctrl+C): the command stops cleanly and returns 130.</param>
    /// <returns>The exit code (<see cref="CliExitCodes"/>).</returns>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, NanoBananaCliContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        var globals = new CliGlobals(context);
        var root = CliCommands.Build(globals);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            var session = new CliSession(context, parse.GetValue(globals.Json));
            var message = string.Join(Environment.NewLine, parse.Errors.Select(e => e.Message));
            return await session.ReportAsync(
                "UsageError",
                $"{message}{Environment.NewLine}Run 'nanobanana {CommandPath(parse)}--help' to see every option and its valid values.",
                message,
                CliExitCodes.InvalidInput).ConfigureAwait(false);
        }

        var invocation = new InvocationConfiguration
        {
            Output = context.Output,
            Error = context.Error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs one command's body with the CLI's error handling: every failure becomes its exit code and, with <c>--json</c>, a JSON error.</summary>
    internal static async Task<int> InvokeAsync(CliSession session, Func<CliSession, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            return await body(session, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return await session.ReportAsync(
                "Interrupted",
                "Interrupted.",
                "Run the command again. A Batch job keeps running on the service: follow it with 'nanobanana batch status JOB'.",
                CliExitCodes.Interrupted).ConfigureAwait(false);
        }
        catch (UsageException ex)
        {
            return await session.ReportAsync("UsageError", $"{ex.Message}{Environment.NewLine}Run with --help to see every option and its valid values.", ex.Message, CliExitCodes.InvalidInput).ConfigureAwait(false);
        }
        catch (OptionsValidationException ex)
        {
            var failures = string.Join(Environment.NewLine, ex.Failures.Select(f => "  " + f));
            return await session.ReportAsync(
                "ConfigurationError",
                $"The NanoBanana configuration is not valid (embedded defaults, --config, NanoBanana__* variables, GEMINI_API_KEY/GOOGLE_API_KEY, GOOGLE_GEMINI_BASE_URL, options):{Environment.NewLine}{failures}",
                string.Join(" ", ex.Failures),
                CliExitCodes.InvalidInput).ConfigureAwait(false);
        }
        catch (NanoBananaException ex)
        {
            return await session.ReportAsync(ex).ConfigureAwait(false);
        }
        catch (CliStateException ex)
        {
            return await session.ReportAsync(ex.Type, ex.Message, ex.NextMove, CliExitCodes.ServiceFailed).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            // Settings or input the SDK refused before any request (an http:// base URL off loopback, a bad provider profile...).
            var message = CliParse.Message(ex);
            return await session.ReportAsync("UsageError", message, message, CliExitCodes.InvalidInput).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return await session.ReportAsync(ex.GetType().Name, $"Local file error: {ex.Message}", "Check the path and its permissions, then run the command again.", CliExitCodes.ServiceFailed).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            return await session.ReportAsync(ex.GetType().Name, $"Network error: {ex.Message}", "Check the base URL and the network, then run the command again.", CliExitCodes.ServiceFailed, ErrorOwner.CapacityOrGatewayPath).ConfigureAwait(false);
        }
    }

    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result?.Command is { } command && command is not RootCommand; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, command.Name);
        }

        return names.Count == 0 ? string.Empty : string.Join(' ', names) + " ";
    }
}
