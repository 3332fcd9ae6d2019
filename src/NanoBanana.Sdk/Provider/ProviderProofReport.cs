using System.Globalization;
using System.Text;
using System.Text.Json;

namespace NanoBanana.Sdk;

/// <summary>
/// What <see cref="ProviderProof"/> found: the six checklist rows (Pass, Fail or Declare) with their evidence
/// and every call made. Never holds the API key.
/// </summary>
public sealed class ProviderProofReport
{
    /// <summary>The provider's name.</summary>
    public required string Provider { get; init; }

    /// <summary>The base URL (no query).</summary>
    public required string BaseUrl { get; init; }

    /// <summary>The dialect tested.</summary>
    public required ProviderDialect Dialect { get; init; }

    /// <summary>Our model id tested.</summary>
    public required string Model { get; init; }

    /// <summary>When the proof started (UTC).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>The six checklist rows, in SPEC §6 order.</summary>
    public required IReadOnlyList<ProviderProofRow> Rows { get; init; }

    /// <summary>Every call made, in order.</summary>
    public required IReadOnlyList<ProviderProofCall> Calls { get; init; }

    /// <summary>Warnings about the profile (e.g. unproven provider).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary><see langword="true"/> when no row failed (Declare rows do not fail the proof).</summary>
    public bool Passed => Rows.All(r => r.Verdict != ProviderProofVerdict.Fail);

    /// <summary>The row of one item.</summary>
    /// <param name="item">The item.</param>
    /// <returns>Its row.</returns>
    public ProviderProofRow this[ProviderProofItem item] => Rows.First(r => r.Item == item);

    /// <summary>The report as indented JSON (rows, evidence, calls, headers), for the launch record.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("provider", Provider);
            writer.WriteString("baseUrl", BaseUrl);
            writer.WriteString("dialect", Dialect.ToString());
            writer.WriteString("model", Model);
            writer.WriteString("startedAt", StartedAt);
            writer.WriteBoolean("passed", Passed);
            writer.WriteStartArray("warnings");
            foreach (var warning in Warnings)
            {
                writer.WriteStringValue(warning);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("rows");
            foreach (var row in Rows)
            {
                writer.WriteStartObject();
                writer.WriteString("item", row.Item.ToString());
                writer.WriteString("verdict", row.Verdict.ToString());
                writer.WriteString("summary", row.Summary);
                writer.WriteStartArray("evidence");
                foreach (var line in row.Evidence)
                {
                    writer.WriteStringValue(line);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("calls");
            foreach (var call in Calls)
            {
                writer.WriteStartObject();
                writer.WriteString("kind", call.Kind);
                writer.WriteString("endpoint", call.Endpoint);
                writer.WriteString("modelSent", call.ModelSent);
                writer.WriteString("returnedModel", call.ReturnedModel);
                writer.WriteBoolean("modelMismatch", call.ModelMismatch);
                if (call.Status is { } status)
                {
                    writer.WriteNumber("status", status);
                }
                else
                {
                    writer.WriteNull("status");
                }

                writer.WriteString("requestId", call.RequestId);
                writer.WriteNumber("latencyMs", Math.Round(call.Latency.TotalMilliseconds));
                writer.WriteNumber("images", call.Images);
                WriteDecimal(writer, "reportedCostUsd", call.ReportedCostUsd);
                WriteDecimal(writer, "configuredCostUsd", call.ConfiguredCostUsd);
                writer.WriteString("billing", call.Billing);
                writer.WriteString("error", call.Error);
                writer.WriteStartObject("headers");
                foreach (var (name, value) in call.Headers.OrderBy(h => h.Key, StringComparer.Ordinal))
                {
                    writer.WriteString(name, value);
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>The report as Markdown: the checklist table, the evidence per row, and the calls.</summary>
    /// <returns>The Markdown text.</returns>
    public string ToMarkdown()
    {
        var md = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        md.Append(inv, $"# Provider proof: {Provider}").AppendLine().AppendLine();
        md.Append(inv, $"Base URL `{BaseUrl}`, dialect {Dialect}, model `{Model}`, started {StartedAt:yyyy-MM-dd HH:mm:ss} UTC. Result: **{(Passed ? "passed" : "failed")}**.").AppendLine().AppendLine();
        foreach (var warning in Warnings)
        {
            md.Append("> ").AppendLine(Cell(warning));
        }

        if (Warnings.Count > 0)
        {
            md.AppendLine();
        }

        md.AppendLine("| proof item | verdict | summary |").AppendLine("|---|---|---|");
        foreach (var row in Rows)
        {
            md.Append(inv, $"| {row.Item} | {row.Verdict} | {Cell(row.Summary)} |").AppendLine();
        }

        foreach (var row in Rows)
        {
            md.AppendLine().Append(inv, $"## {row.Item}: {row.Verdict}").AppendLine().AppendLine();
            foreach (var line in row.Evidence)
            {
                md.Append("- ").AppendLine(Cell(line));
            }
        }

        md.AppendLine().AppendLine("## Calls").AppendLine();
        md.AppendLine("| kind | status | request id | latency | model sent | returned | reported | configured | error |").AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var call in Calls)
        {
            md.Append(inv, $"| {call.Kind} | {call.Status?.ToString(inv) ?? "none"} | {Cell(call.RequestId ?? "none")} | {call.Latency.TotalMilliseconds:0} ms | `{Cell(call.ModelSent)}` | {Cell(call.ReturnedModel ?? "none")} | {Usd(call.ReportedCostUsd)} | {Usd(call.ConfiguredCostUsd)} | {Cell(call.Error ?? string.Empty)} |").AppendLine();
        }

        return md.ToString();
    }

    private static void WriteDecimal(Utf8JsonWriter writer, string name, decimal? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static string Usd(decimal? value) => value is { } v ? string.Create(CultureInfo.InvariantCulture, $"${v:0.######}") : "unknown";

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
