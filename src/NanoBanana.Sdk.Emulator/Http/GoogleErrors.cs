using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace NanoBanana.Sdk.Emulator.Http;

/// <summary>A <c>google.rpc.Status.details[]</c> entry.</summary>
internal abstract record ErrorDetail
{
    public abstract void Write(Utf8JsonWriter writer);
}

/// <summary><c>google.rpc.ErrorInfo</c>.</summary>
internal sealed record ErrorInfoDetail(string Reason, string Domain, IReadOnlyDictionary<string, string> Metadata) : ErrorDetail
{
    public override void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("@type", "type.googleapis.com/google.rpc.ErrorInfo");
        writer.WriteString("reason", Reason);
        writer.WriteString("domain", Domain);
        writer.WriteStartObject("metadata");
        foreach (var (key, value) in Metadata)
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}

/// <summary><c>google.rpc.QuotaFailure</c> with one violation.</summary>
internal sealed record QuotaFailureDetail(string QuotaMetric, string QuotaId, IReadOnlyDictionary<string, string> Dimensions, long QuotaValue) : ErrorDetail
{
    public override void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("@type", "type.googleapis.com/google.rpc.QuotaFailure");
        writer.WriteStartArray("violations");
        writer.WriteStartObject();
        writer.WriteString("quotaMetric", QuotaMetric);
        writer.WriteString("quotaId", QuotaId);
        writer.WriteStartObject("quotaDimensions");
        foreach (var (key, value) in Dimensions)
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
        // proto3 JSON writes int64 as a string
        writer.WriteString("quotaValue", QuotaValue.ToString(System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}

/// <summary><c>google.rpc.RetryInfo</c>.</summary>
internal sealed record RetryInfoDetail(string RetryDelay) : ErrorDetail
{
    public override void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("@type", "type.googleapis.com/google.rpc.RetryInfo");
        writer.WriteString("retryDelay", RetryDelay);
        writer.WriteEndObject();
    }
}

/// <summary><c>google.rpc.BadRequest</c> with one field violation.</summary>
internal sealed record BadRequestDetail(string Field, string Description) : ErrorDetail
{
    public override void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("@type", "type.googleapis.com/google.rpc.BadRequest");
        writer.WriteStartArray("fieldViolations");
        writer.WriteStartObject();
        writer.WriteString("field", Field);
        writer.WriteString("description", Description);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}

/// <summary><c>google.rpc.LocalizedMessage</c>.</summary>
internal sealed record LocalizedMessageDetail(string Message) : ErrorDetail
{
    public override void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("@type", "type.googleapis.com/google.rpc.LocalizedMessage");
        writer.WriteString("locale", "en-US");
        writer.WriteString("message", Message);
        writer.WriteEndObject();
    }
}

/// <summary>The google.rpc.Status error envelope every Gemini API surface answers errors with.</summary>
internal static class GoogleErrors
{
    public static string StatusName(int code) => code switch
    {
        400 => "INVALID_ARGUMENT",
        401 => "UNAUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        408 => "DEADLINE_EXCEEDED",
        409 => "ABORTED",
        412 => "FAILED_PRECONDITION",
        429 => "RESOURCE_EXHAUSTED",
        499 => "CANCELLED",
        500 => "INTERNAL",
        501 => "UNIMPLEMENTED",
        502 => "UNAVAILABLE",
        503 => "UNAVAILABLE",
        504 => "DEADLINE_EXCEEDED",
        _ => "UNKNOWN",
    };

    /// <summary>The message the real service usually sends with a status.</summary>
    public static string DefaultMessage(int code) => code switch
    {
        400 => "Request contains an invalid argument.",
        401 => "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
        403 => "The caller does not have permission",
        404 => "Requested entity was not found.",
        429 => "You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.",
        500 => "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting",
        503 => "The model is overloaded. Please try again later.",
        504 => "Deadline expired before operation could complete.",
        _ => "The service could not complete the request.",
    };

    public static void Write(Utf8JsonWriter writer, int code, string message, IReadOnlyList<ErrorDetail>? details = null)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteNumber("code", code);
        writer.WriteString("message", message);
        writer.WriteString("status", StatusName(code));
        if (details is { Count: > 0 })
        {
            writer.WriteStartArray("details");
            foreach (var detail in details)
            {
                detail.Write(writer);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public static Task WriteAsync(HttpContext context, int code, string message, IReadOnlyList<ErrorDetail>? details = null, CancellationToken cancellationToken = default) =>
        JsonOut.WriteAsync(context, code, w => Write(w, code, message, details), cancellationToken);

    /// <summary>400 INVALID_ARGUMENT naming the offending field, as the real service does.</summary>
    public static Task InvalidArgumentAsync(HttpContext context, string field, string message, CancellationToken cancellationToken) =>
        WriteAsync(context, 400, message, [new BadRequestDetail(field, message)], cancellationToken);
}
