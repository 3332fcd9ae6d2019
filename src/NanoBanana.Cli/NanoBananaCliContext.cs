namespace NanoBanana.Cli;

/// <summary>
/// Where a run of the CLI reads and writes: its standard output and error, its environment and its clock. The
/// <c>nanobanana</c> executable passes the process's own; tests pass their writers and a made-up environment, so a
/// run never reads the process environment or writes to <see cref="Console"/> directly.
/// </summary>
public sealed class NanoBananaCliContext
{
    /// <summary>Standard output: results, and with <c>--json</c> exactly one JSON object and nothing else.</summary>
    public required TextWriter Output { get; init; }

    /// <summary>Standard error: errors, warnings, the emulator notice and progress.</summary>
    public required TextWriter Error { get; init; }

    /// <summary>
    /// The environment variables the run sees (<c>NanoBanana__…</c>, <c>GEMINI_API_KEY</c>, <c>GOOGLE_API_KEY</c>,
    /// <c>GOOGLE_GEMINI_BASE_URL</c>). Names are matched as the operating system does on Linux: exactly.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Whether standard output is an interactive terminal: tables and live progress when <see langword="true"/>,
    /// plain lines when output is redirected (the default).
    /// </summary>
    public bool OutputIsTerminal { get; init; }

    /// <summary>Whether standard error is an interactive terminal (live progress bars there); plain progress lines when not.</summary>
    public bool ErrorIsTerminal { get; init; }

    /// <summary>The clock for polling, latency and price ages. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The context of this process: the console's writers, the process environment and the system clock.</summary>
    /// <returns>A context for the running process.</returns>
    public static NanoBananaCliContext FromProcess()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value)
            {
                environment[name] = value;
            }
        }

        return new NanoBananaCliContext
        {
            Output = Console.Out,
            Error = Console.Error,
            Environment = environment,
            OutputIsTerminal = !Console.IsOutputRedirected,
            ErrorIsTerminal = !Console.IsErrorRedirected,
        };
    }
}
