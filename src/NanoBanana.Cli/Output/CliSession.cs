using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using NanoBanana.Sdk.Errors;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace NanoBanana.Cli.Output;

/// <summary>
/// One command's output. With <c>--json</c>: exactly one JSON object on standard output (the result, or
/// <c>{"error": …}</c>) and nothing else there; everything for people goes to standard error. Without it: tables on a
/// terminal, plain <c>Label: value</c> lines when output is redirected.
/// </summary>
internal sealed class CliSession
{
    private static readonly CliJsonContext Readable = new(new JsonSerializerOptions(CliJsonContext.Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private IAnsiConsole? _terminal;
    private IAnsiConsole? _errorTerminal;

    public CliSession(NanoBananaCliContext context, bool json)
    {
        Context = context;
        Json = json;
    }

    public NanoBananaCliContext Context { get; }

    public bool Json { get; }

    public TextWriter Output => Context.Output;

    public TextWriter Error => Context.Error;

    /// <summary>Spectre on standard output, only when it is a terminal and the output is not JSON.</summary>
    public IAnsiConsole? Terminal => !Json && Context.OutputIsTerminal ? _terminal ??= Create(Context.Output) : null;

    /// <summary>Spectre on standard error for live progress, only when standard error is a terminal.</summary>
    public IAnsiConsole? ErrorTerminal => Context.ErrorIsTerminal ? _errorTerminal ??= Create(Context.Error) : null;

    public async Task WriteJsonAsync<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        // Standard output is not HTML: keep apostrophes, '×' and accents readable instead of \u escapes.
        var readable = (JsonTypeInfo<T>?)Readable.GetTypeInfo(typeInfo.Type) ?? typeInfo;
        await Output.WriteLineAsync(JsonSerializer.Serialize(value, readable)).ConfigureAwait(false);
        await Output.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Label/value facts: a two-column table on a terminal, aligned lines otherwise.</summary>
    public async Task WriteFactsAsync(IEnumerable<(string Label, string? Value)> facts)
    {
        var list = facts.Where(f => f.Value is not null).ToList();
        if (Terminal is { } terminal)
        {
            var table = new Table().Border(TableBorder.None).HideHeaders().AddColumn("label").AddColumn("value");
            foreach (var (label, value) in list)
            {
                table.AddRow(new IRenderable[] { new Text(label, new Style(decoration: Decoration.Bold)), new Text(value!) });
            }

            terminal.Write(table);
            return;
        }

        foreach (var (label, value) in list)
        {
            await Output.WriteLineAsync(Line(label, value!)).ConfigureAwait(false);
        }
    }

    /// <summary>A table: bordered on a terminal, tab-separated lines with a header otherwise (easy to cut and grep).</summary>
    public async Task WriteTableAsync(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        if (Terminal is { } terminal)
        {
            var table = new Table().Border(TableBorder.Rounded);
            foreach (var header in headers)
            {
                table.AddColumn(new TableColumn(new Text(header, new Style(decoration: Decoration.Bold))));
            }

            foreach (var row in rows)
            {
                table.AddRow(row.Select(c => (IRenderable)new Text(c)).ToArray());
            }

            terminal.Write(table);
            return;
        }

        await Output.WriteLineAsync(string.Join('\t', headers)).ConfigureAwait(false);
        foreach (var row in rows)
        {
            await Output.WriteLineAsync(string.Join('\t', row.Select(c => c.ReplaceLineEndings(" ")))).ConfigureAwait(false);
        }
    }

    /// <summary>A service failure: the classified error on standard error, and <c>{"error": …}</c> on standard output with <c>--json</c>.</summary>
    public async Task<int> ReportAsync(NanoBananaException error)
    {
        var lines = new List<(string, string?)>
        {
            ("Failed", $"{error.GetType().Name}: {error.Message}"),
            ("Status", $"{(error.StatusCode is { } code ? code.ToString(CultureInfo.InvariantCulture) : "no HTTP status")} {error.ServiceStatus ?? error.ErrorCode}".TrimEnd()),
            ("Likely owner", error.LikelyOwner.ToString()),
            ("Next move", error.NextMove),
            ("Retry after", error.RetryAfter is { } wait ? $"{wait.TotalSeconds:0.###} s" : error.IsTransient ? "transient, no hint from the service" : "not transient"),
            ("Request id", error.RequestId ?? error.ResponseId ?? "(none)"),
            ("Cost", error.Cost?.ToString() ?? "not billed"),
            ("Packet", error.Packet.ToString()),
        };
        await WriteErrorLinesAsync(lines).ConfigureAwait(false);
        if (Json)
        {
            using var packet = JsonDocument.Parse(error.Packet.ToJson());
            await WriteJsonAsync(
                new ErrorEnvelopeJson
                {
                    Error = new ErrorJson
                    {
                        Type = error.GetType().Name,
                        Status = error.StatusCode,
                        ServiceStatus = error.ServiceStatus,
                        Owner = error.LikelyOwner.ToString(),
                        NextMove = error.NextMove,
                        RetryAfterSeconds = error.RetryAfter?.TotalSeconds,
                        RequestId = error.RequestId ?? error.ResponseId,
                        Packet = packet.RootElement.Clone(),
                    },
                },
                CliJsonContext.Default.ErrorEnvelopeJson).ConfigureAwait(false);
        }

        return CliExitCodes.ServiceFailed;
    }

    /// <summary>A failure that is not a service's (bad input, a local file, an interruption): one message, and the JSON error with the same fields.</summary>
    public async Task<int> ReportAsync(string type, string message, string nextMove, int exitCode, ErrorOwner owner = ErrorOwner.Caller)
    {
        await Error.WriteLineAsync(message).ConfigureAwait(false);
        if (Json)
        {
            await WriteJsonAsync(
                new ErrorEnvelopeJson { Error = new ErrorJson { Type = type, Owner = owner.ToString(), NextMove = nextMove } },
                CliJsonContext.Default.ErrorEnvelopeJson).ConfigureAwait(false);
        }

        return exitCode;
    }

    public async Task WriteErrorLinesAsync(IEnumerable<(string Label, string? Value)> lines)
    {
        foreach (var (label, value) in lines)
        {
            if (value is not null)
            {
                await Error.WriteLineAsync(Line(label, value)).ConfigureAwait(false);
            }
        }
    }

    public static string Line(string label, string value) => $"{label + ":",-14}{value}";

    private static IAnsiConsole Create(TextWriter writer) =>
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Interactive = InteractionSupport.Yes });
}

/// <summary>Reports on the calling thread, in order (<see cref="Progress{T}"/> posts to the thread pool and can reorder).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
