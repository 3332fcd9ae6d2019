using System.Globalization;
using System.Text.Json;
using NanoBanana.Sdk.Errors;

namespace NanoBanana.Sdk;

/// <summary>What a <c>google.longrunning.Operation</c> wrapping a GenerateContentBatch says (read from <c>metadata</c>; a bare batch is accepted too).</summary>
internal sealed record BatchOperation
{
    public required string Id { get; init; }

    public string? DisplayName { get; init; }

    public string? Model { get; init; }

    public BatchJobState State { get; init; }

    public string? RawState { get; init; }

    public BatchJobStats Stats { get; init; } = new(0, 0, 0, 0);

    public DateTimeOffset? CreateTime { get; init; }

    public DateTimeOffset? UpdateTime { get; init; }

    public DateTimeOffset? EndTime { get; init; }

    public bool Done { get; init; }

    public string? InputFile { get; init; }

    public string? ResponsesFile { get; init; }

    public bool HasInlinedResponses { get; init; }

    public BatchError? Error { get; init; }

    public static BatchOperation Read(JsonElement root, string? secret)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("The batch answer is not a JSON object.");
        }

        var metadata = Prop(root, "metadata") is { ValueKind: JsonValueKind.Object } m ? m : root;
        var name = Str(root, "name") ?? Str(metadata, "name") ?? throw new JsonException("The batch answer has no name.");
        var rawState = Str(metadata, "state");
        var output = Prop(metadata, "output");
        var response = Prop(root, "response");
        var stats = Prop(metadata, "batchStats", "batch_stats");
        return new BatchOperation
        {
            Id = name,
            DisplayName = Str(metadata, "displayName", "display_name"),
            Model = Str(metadata, "model"),
            State = ParseState(rawState),
            RawState = rawState,
            Stats = stats is { ValueKind: JsonValueKind.Object } s
                ? new BatchJobStats(Count(s, "requestCount", "request_count"), Count(s, "successfulRequestCount", "successful_request_count"),
                    Count(s, "failedRequestCount", "failed_request_count"), Count(s, "pendingRequestCount", "pending_request_count"))
                : new BatchJobStats(0, 0, 0, 0),
            CreateTime = Time(metadata, "createTime", "create_time"),
            UpdateTime = Time(metadata, "updateTime", "update_time"),
            EndTime = Time(metadata, "endTime", "end_time"),
            Done = Prop(root, "done") is { ValueKind: JsonValueKind.True },
            InputFile = Prop(metadata, "inputConfig", "input_config") is { ValueKind: JsonValueKind.Object } input ? Str(input, "fileName", "file_name") : null,
            ResponsesFile = (output is { ValueKind: JsonValueKind.Object } o ? Str(o, "responsesFile", "responses_file") : null)
                ?? (response is { ValueKind: JsonValueKind.Object } r ? Str(r, "responsesFile", "responses_file") : null),
            HasInlinedResponses = InlinedResponses(root) is not null,
            Error = Prop(root, "error") is { ValueKind: JsonValueKind.Object } error ? ErrorOf(error, secret) : null,
        };
    }

    /// <summary>The <c>inlinedResponses.inlinedResponses</c> array of a finished inline job (in <c>response</c> or <c>metadata.output</c>).</summary>
    public static JsonElement? InlinedResponses(JsonElement root)
    {
        foreach (var holder in new[] { Prop(root, "response"), Prop(Prop(root, "metadata") ?? default, "output") })
        {
            if (holder is { ValueKind: JsonValueKind.Object } h
                && Prop(h, "inlinedResponses", "inlined_responses") is { ValueKind: JsonValueKind.Object } outer
                && Prop(outer, "inlinedResponses", "inlined_responses") is { ValueKind: JsonValueKind.Array } list)
            {
                return list;
            }
        }

        return null;
    }

    /// <summary>Maps both spellings; an unknown or unspecified state is <see cref="BatchJobState.Unknown"/> (not finished).</summary>
    public static BatchJobState ParseState(string? raw)
    {
        if (raw is null)
        {
            return BatchJobState.Unknown;
        }

        var state = raw.Trim().ToUpperInvariant();
        state = state.StartsWith("BATCH_STATE_", StringComparison.Ordinal) ? state["BATCH_STATE_".Length..]
            : state.StartsWith("JOB_STATE_", StringComparison.Ordinal) ? state["JOB_STATE_".Length..]
            : state;
        return state switch
        {
            "PENDING" or "QUEUED" => BatchJobState.Pending,
            "RUNNING" => BatchJobState.Running,
            "SUCCEEDED" or "PARTIALLY_SUCCEEDED" => BatchJobState.Succeeded,
            "FAILED" => BatchJobState.Failed,
            "CANCELLED" => BatchJobState.Cancelled,
            "EXPIRED" => BatchJobState.Expired,
            _ => BatchJobState.Unknown,
        };
    }

    /// <summary>A <c>google.rpc.Status</c> as a classified value.</summary>
    public static BatchError ErrorOf(JsonElement status, string? secret)
    {
        int? code = Prop(status, "code") is { ValueKind: JsonValueKind.Number } c && c.TryGetInt32(out var n) ? n : null;
        return ErrorOf(code, Str(status, "status"), Str(status, "message"), status.GetRawText(), secret);
    }

    /// <summary>Classifies an item's or a job's error through <see cref="ErrorClassifier.Decide"/>, from its gRPC code.</summary>
    public static BatchError ErrorOf(int? rpcCode, string? serviceStatus, string? message, string? rawJson, string? secret)
    {
        var http = rpcCode is { } code ? HttpStatusOf(code) : 500;
        byte[] body;
        if (rawJson is not null)
        {
            body = System.Text.Encoding.UTF8.GetBytes("{\"error\":" + rawJson + "}");
        }
        else
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteStartObject("error");
                writer.WriteNumber("code", http);
                if (serviceStatus is not null)
                {
                    writer.WriteString("status", serviceStatus);
                }

                if (message is not null)
                {
                    writer.WriteString("message", message);
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            body = buffer.ToArray();
        }

        var decision = ErrorClassifier.Decide(http, body);
        return new BatchError
        {
            Kind = decision.Kind,
            StatusCode = rpcCode is null ? null : http,
            RpcCode = rpcCode,
            ServiceStatus = serviceStatus ?? RpcName(rpcCode),
            Message = SecretRedactor.Redact(message, secret),
            Owner = decision.Owner,
            IsTransient = decision.IsTransient,
        };
    }

    /// <summary>
    /// google.rpc.Code → HTTP (as Google's HTTP mapping does). A number that is already an HTTP status (some services
    /// put one in <c>code</c>) is kept.
    /// </summary>
    public static int HttpStatusOf(int rpcCode) => rpcCode switch
    {
        >= 100 => rpcCode,
        0 => 200,
        1 => 499,
        2 => 500,
        3 => 400,
        4 => 504,
        5 => 404,
        6 => 409,
        7 => 403,
        8 => 429,
        9 => 400,
        10 => 409,
        11 => 400,
        12 => 501,
        13 => 500,
        14 => 503,
        15 => 500,
        16 => 401,
        _ => 500,
    };

    private static string? RpcName(int? code) => code switch
    {
        1 => "CANCELLED",
        2 => "UNKNOWN",
        3 => "INVALID_ARGUMENT",
        4 => "DEADLINE_EXCEEDED",
        5 => "NOT_FOUND",
        7 => "PERMISSION_DENIED",
        8 => "RESOURCE_EXHAUSTED",
        9 => "FAILED_PRECONDITION",
        13 => "INTERNAL",
        14 => "UNAVAILABLE",
        16 => "UNAUTHENTICATED",
        _ => null,
    };

    internal static JsonElement? Prop(JsonElement element, string name, string? alternative = null)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (element.TryGetProperty(name, out var value) || (alternative is not null && element.TryGetProperty(alternative, out value)))
        {
            return value;
        }

        return null;
    }

    internal static string? Str(JsonElement element, string name, string? alternative = null) =>
        Prop(element, name, alternative) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    // int64 counters are JSON strings (proto3); numbers are accepted too, and a missing counter is zero.
    private static long Count(JsonElement element, string name, string alternative) => Prop(element, name, alternative) switch
    {
        { ValueKind: JsonValueKind.String } s when long.TryParse(s.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
        { ValueKind: JsonValueKind.Number } n when n.TryGetInt64(out var v) => v,
        _ => 0,
    };

    private static DateTimeOffset? Time(JsonElement element, string name, string alternative) =>
        Str(element, name, alternative) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;
}
