using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using NanoBanana.Sdk.Emulator.Http;

namespace NanoBanana.Sdk.Emulator.Admin;

/// <summary>
/// The admin endpoint under <c>/_emulator/</c>, so a test in any language can script the standalone server:
/// <list type="bullet">
/// <item><c>POST /_emulator/faults</c> adds the rules of a JSON fault plan (see <see cref="FaultPlanJson"/>) after the pending ones;</item>
/// <item><c>GET /_emulator/faults</c> lists the pending rules; <c>DELETE /_emulator/faults</c> drops them;</item>
/// <item><c>GET /_emulator/journal[?since=N][&amp;bodies=false]</c> reads the journal (credentials redacted); <c>DELETE</c> clears it;</item>
/// <item><c>GET /_emulator/ledger</c> reads the gateway billing ledger.</item>
/// </list>
/// Admin requests are not journaled, take no API key and never meet a fault. Answers are JSON; a bad plan is a 400
/// whose <c>error</c> names the field and the allowed values.
/// </summary>
internal static class AdminSurface
{
    public const string Prefix = "/_emulator";
    private const long MaxPlanBytes = 1024 * 1024;

    public static Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path;
        if (!path.StartsWithSegments(Prefix, StringComparison.Ordinal, out var rest))
        {
            return next(context);
        }

        var state = context.RequestServices.GetRequiredService<EmulatorState>();
        var method = context.Request.Method;
        return (rest.Value?.TrimEnd('/') ?? string.Empty) switch
        {
            "/faults" when HttpMethods.IsPost(method) => AddFaultsAsync(context, state),
            "/faults" when HttpMethods.IsGet(method) => ListFaultsAsync(context, state),
            "/faults" when HttpMethods.IsDelete(method) => ClearFaultsAsync(context, state),
            "/journal" when HttpMethods.IsGet(method) => JournalAsync(context, state),
            "/journal" when HttpMethods.IsDelete(method) => ClearJournalAsync(context, state),
            "/ledger" when HttpMethods.IsGet(method) => LedgerAsync(context, state),
            "/faults" or "/journal" or "/ledger" => ErrorAsync(context, 405, $"{method} is not allowed on {path}; see the emulator docs (docs/emulator.md) for the admin endpoint."),
            _ => ErrorAsync(context, 404, $"No admin resource {path}; use {Prefix}/faults (POST, GET, DELETE), {Prefix}/journal (GET, DELETE) or {Prefix}/ledger (GET)."),
        };
    }

    private static async Task AddFaultsAsync(HttpContext context, EmulatorState state)
    {
        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        if (body is null)
        {
            await ErrorAsync(context, 413, $"The fault plan is larger than {MaxPlanBytes} bytes.").ConfigureAwait(false);
            return;
        }

        IReadOnlyList<FaultRule> rules;
        try
        {
            rules = FaultPlanJson.Parse(body);
        }
        catch (FaultPlanException ex)
        {
            await ErrorAsync(context, 400, ex.Message).ConfigureAwait(false);
            return;
        }

        // Every rule was checked above, so a plan is added whole or not at all.
        foreach (var rule in rules)
        {
            state.Faults.Enqueue(rule);
        }

        await JsonOut.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("added", rules.Count);
            w.WriteNumber("pending", state.Faults.PendingCount);
            w.WriteEndObject();
        }, context.RequestAborted).ConfigureAwait(false);
    }

    private static Task ListFaultsAsync(HttpContext context, EmulatorState state)
    {
        var rules = state.Faults.Snapshot();
        return JsonOut.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("pending", rules.Count);
            w.WriteStartArray("rules");
            foreach (var (rule, left) in rules)
            {
                w.WriteStartObject();
                w.WriteString("match", rule.Match.ToString());
                w.WriteString("fault", rule.Fault.ToString());
                w.WriteNumber("usesLeft", left);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }, context.RequestAborted);
    }

    private static Task ClearFaultsAsync(HttpContext context, EmulatorState state)
    {
        var dropped = state.Faults.PendingCount;
        state.Faults.Clear();
        return JsonOut.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("cleared", dropped);
            w.WriteEndObject();
        }, context.RequestAborted);
    }

    private static Task JournalAsync(HttpContext context, EmulatorState state)
    {
        var query = context.Request.Query;
        var since = 0;
        if (query.TryGetValue("since", out var sinceText)
            && (!int.TryParse(sinceText, NumberStyles.None, CultureInfo.InvariantCulture, out since)))
        {
            return ErrorAsync(context, 400, $"since must be a whole number of entries to skip (0 or more), not '{sinceText}'.");
        }

        var bodies = true;
        if (query.TryGetValue("bodies", out var bodiesText) && !bool.TryParse(bodiesText, out bodies))
        {
            return ErrorAsync(context, 400, $"bodies must be true or false, not '{bodiesText}'.");
        }

        var entries = state.Journal.Entries;
        return JsonOut.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("count", entries.Count);
            w.WriteStartArray("entries");
            for (var i = Math.Min(since, entries.Count); i < entries.Count; i++)
            {
                var entry = entries[i];
                w.WriteStartObject();
                w.WriteNumber("index", i);
                w.WriteString("method", entry.Method);
                w.WriteString("path", entry.Path);
                w.WriteNumber("status", entry.Status);
                w.WriteString("timestamp", entry.Timestamp);
                w.WriteNumber("durationMs", Math.Round(entry.Duration.TotalMilliseconds, 3));
                w.WriteStartObject("headers");
                foreach (var (name, value) in entry.Headers)
                {
                    w.WriteString(name, value);
                }

                w.WriteEndObject();
                if (bodies)
                {
                    w.WriteString("body", entry.Body);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }, context.RequestAborted);
    }

    private static Task ClearJournalAsync(HttpContext context, EmulatorState state)
    {
        var dropped = state.Journal.Count;
        state.Journal.Clear();
        return JsonOut.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("cleared", dropped);
            w.WriteEndObject();
        }, context.RequestAborted);
    }

    private static Task LedgerAsync(HttpContext context, EmulatorState state)
    {
        var entries = state.Gateways.Ledger.Entries;
        return JsonOut.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("count", entries.Count);
            w.WriteStartArray("entries");
            foreach (var entry in entries)
            {
                w.WriteStartObject();
                w.WriteString("requestId", entry.RequestId);
                w.WriteString("provider", entry.Provider);
                w.WriteString("endpoint", entry.Endpoint);
                w.WriteString("requestedModel", entry.RequestedModel);
                w.WriteString("modelId", entry.ModelId);
                w.WriteString("returnedModel", entry.ReturnedModel);
                w.WriteNumber("status", entry.Status);
                w.WriteString("outcome", entry.Outcome.ToString());
                w.WriteNumber("images", entry.Images);
                w.WriteBoolean("billed", entry.Billed);
                w.WriteNumber("amountUsd", entry.Amount);
                w.WriteString("timestamp", entry.Timestamp);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }, context.RequestAborted);
    }

    private static Task ErrorAsync(HttpContext context, int status, string message) =>
        JsonOut.WriteAsync(context, status, w =>
        {
            w.WriteStartObject();
            w.WriteString("error", message);
            w.WriteEndObject();
        }, context.RequestAborted);

    /// <summary>The body, or null when it is larger than the plan limit.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxPlanBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxPlanBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
