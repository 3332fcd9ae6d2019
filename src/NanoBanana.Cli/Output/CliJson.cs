using System.Text.Json;
using System.Text.Json.Serialization;

namespace NanoBanana.Cli.Output;

// The --json shapes. Names are fixed by the CLI's contract (issue 20): scripts depend on them. Every property is
// always written, null included, so a script can tell "not reported" from "not there".

internal sealed class GenerateJson
{
    public required string Route { get; init; }
    public required string Lane { get; init; }
    public string? Transport { get; init; }
    public string? Provider { get; init; }
    public required string Model { get; init; }
    public required string RequestedModel { get; init; }
    public string? ReturnedModel { get; init; }
    public string? Size { get; init; }
    public string? AspectRatio { get; init; }
    public required ImageJson Image { get; init; }
    public required CostJson Cost { get; init; }
    public string? RequestId { get; init; }
    public string? ResponseId { get; init; }
    public double? LatencyMs { get; init; }
    public required IReadOnlyList<string> Warnings { get; init; }
}

internal sealed class ImageJson
{
    public required string Path { get; init; }
    public required string MimeType { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public required long Bytes { get; init; }
}

internal sealed class CostJson
{
    public decimal? Usd { get; init; }
    public required bool Estimated { get; init; }
    public decimal? UnitPriceUsd { get; init; }
    public string? Source { get; init; }
    public string? CheckedOn { get; init; }
    public required bool Billable { get; init; }
}

internal sealed class ErrorEnvelopeJson
{
    public required ErrorJson Error { get; init; }
}

internal sealed class ErrorJson
{
    public required string Type { get; init; }
    public int? Status { get; init; }
    public string? ServiceStatus { get; init; }
    public required string Owner { get; init; }
    public required string NextMove { get; init; }
    public double? RetryAfterSeconds { get; init; }
    public string? RequestId { get; init; }
    public JsonElement? Packet { get; init; }
}

internal sealed class BatchJobJson
{
    public required string Id { get; init; }
    public required string State { get; init; }
    public required BatchStatsJson Stats { get; init; }
    public DateTimeOffset? CreateTime { get; init; }
    public DateTimeOffset? UpdateTime { get; init; }
}

internal sealed class BatchStatsJson
{
    public long Total { get; init; }
    public long Succeeded { get; init; }
    public long Failed { get; init; }
    public long Pending { get; init; }
}

internal sealed class BatchListJson
{
    public required IReadOnlyList<BatchJobJson> Jobs { get; init; }
}

internal sealed class BatchResultsJson
{
    public int Written { get; init; }
    public int Skipped { get; init; }
    public int Failed { get; init; }
    public decimal? CostUsd { get; init; }
}

internal sealed class PriceJson
{
    public required string Model { get; init; }
    public required string Size { get; init; }
    public required string Lane { get; init; }
    public string? Provider { get; init; }
    public decimal? UnitPriceUsd { get; init; }
    public int Count { get; init; }
    public decimal? TotalUsd { get; init; }
    public string? Source { get; init; }
    public string? CheckedOn { get; init; }
    public required string Status { get; init; }
}

internal sealed class PlanJson
{
    public required string Route { get; init; }
    public required string Lane { get; init; }
    public required string Model { get; init; }
    public string? Size { get; init; }
    public decimal? UnitPriceUsd { get; init; }
    public required IReadOnlyList<string> Reasons { get; init; }
}

internal sealed class ProofJson
{
    public required string Provider { get; init; }
    public required IReadOnlyList<ProofRowJson> Rows { get; init; }
    public required IReadOnlyList<ProofCallJson> Calls { get; init; }
}

internal sealed class ProofRowJson
{
    public required string Item { get; init; }
    public required string Status { get; init; }
    public required string Evidence { get; init; }
}

internal sealed class ProofCallJson
{
    public int? Status { get; init; }
    public string? RequestId { get; init; }
    public double LatencyMs { get; init; }
    public decimal? CostUsd { get; init; }
}

internal sealed class LaunchCheckJson
{
    public required IReadOnlyList<OwnerJson> Owners { get; init; }
}

internal sealed class OwnerJson
{
    public required string Owner { get; init; }
    public required string Status { get; init; }
    public required string Evidence { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(GenerateJson))]
[JsonSerializable(typeof(ErrorEnvelopeJson))]
[JsonSerializable(typeof(BatchJobJson))]
[JsonSerializable(typeof(BatchListJson))]
[JsonSerializable(typeof(BatchResultsJson))]
[JsonSerializable(typeof(PriceJson))]
[JsonSerializable(typeof(PlanJson))]
[JsonSerializable(typeof(ProofJson))]
[JsonSerializable(typeof(LaunchCheckJson))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
