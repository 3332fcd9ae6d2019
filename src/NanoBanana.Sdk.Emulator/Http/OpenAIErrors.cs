using Microsoft.AspNetCore.Http;

namespace NanoBanana.Sdk.Emulator.Http;

/// <summary>
/// The OpenAI error envelope gateways answer with: <c>{"error":{"message","type","param","code"}}</c>, where
/// <c>param</c> and <c>code</c> may be null. Quota and rate limit share 429 and differ by <c>type</c>/<c>code</c>.
/// </summary>
internal static class OpenAIErrors
{
    /// <summary>The type, code and message OpenAI (or a one-api/new-api gateway) usually sends with a status.</summary>
    public static (string Type, string? Code, string Message) Usual(int status) => status switch
    {
        400 => ("invalid_request_error", null, "Invalid request."),
        401 => ("invalid_request_error", "invalid_api_key", "Incorrect API key provided. You can find your API key in the provider's console."),
        402 => ("insufficient_quota", "insufficient_balance", "Insufficient account balance. Please top up your account."),
        403 => ("permission_error", "permission_denied", "Your key has no access to this model or endpoint."),
        404 => ("invalid_request_error", "not_found", "The requested resource does not exist."),
        429 => ("requests", "rate_limit_exceeded", "Rate limit reached for requests. Please try again in 1s."),
        500 => ("server_error", null, "The server had an error while processing your request. Sorry about that!"),
        502 => ("upstream_error", "bad_response_status_code", "Bad gateway: the upstream provider returned an error."),
        503 => ("server_error", "service_unavailable", "The model is currently overloaded with other requests. Please try again later."),
        504 => ("upstream_error", "timeout", "Gateway timeout: the upstream provider did not answer in time."),
        >= 500 => ("server_error", null, "The server had an error while processing your request."),
        _ => ("invalid_request_error", null, "The request could not be completed."),
    };

    public static Task WriteAsync(HttpContext context, int status, string message, string type, string? param = null, string? code = null) =>
        JsonOut.WriteAsync(context, status, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("error");
            w.WriteString("message", message);
            w.WriteString("type", type);
            WriteNullable(w, "param", param);
            WriteNullable(w, "code", code);
            w.WriteEndObject();
            w.WriteEndObject();
        }, context.RequestAborted);

    /// <summary>400 <c>invalid_request_error</c> naming the parameter.</summary>
    public static Task InvalidAsync(HttpContext context, string? param, string message, string? code = "invalid_value") =>
        WriteAsync(context, 400, message, "invalid_request_error", param, code);

    /// <summary>
    /// A fault's error in the envelope: its own type/code, or the usual ones for its status; 429s add rate-limit headers.
    /// An upstream-error fault is OpenRouter's wrapper around the Google error instead.
    /// </summary>
    public static Task WriteFaultAsync(HttpContext context, Fault fault, string? model)
    {
        if (fault.UpstreamProvider is not null)
        {
            return WriteUpstreamAsync(context, fault, model);
        }

        var usual = Usual(fault.StatusCode);
        var type = fault.ErrorType ?? usual.Type;
        var code = fault.ErrorType is null ? usual.Code : fault.ErrorCode;
        FaultEffects.ApplyRetryAfter(context, fault);
        if (fault.StatusCode == 429 && type == "requests")
        {
            context.Response.Headers["x-ratelimit-limit-requests"] = "60";
            context.Response.Headers["x-ratelimit-remaining-requests"] = "0";
            context.Response.Headers["x-ratelimit-reset-requests"] = "1s";
        }

        var message = fault.Message ?? (type == "insufficient_quota" && fault.StatusCode == 429
            ? "You exceeded your current quota, please check your plan and billing details."
            : usual.Message);
        return WriteAsync(context, fault.StatusCode, message, type, param: null, code);
    }

    /// <summary>
    /// OpenRouter's wrapper for an upstream failure: <c>{"error": {"message", "type", "code": status, "metadata": {"raw":
    /// "&lt;google.rpc.Status JSON as a string&gt;", "provider_name"}}}</c>.
    /// </summary>
    private static Task WriteUpstreamAsync(HttpContext context, Fault fault, string? model)
    {
        FaultEffects.ApplyRetryAfter(context, fault);
        using var raw = JsonOut.Render(w => GoogleErrors.Write(w, fault.UpstreamStatusCode, GoogleErrors.DefaultMessage(fault.UpstreamStatusCode),
            Surfaces.GoogleFaults.Details(fault.UpstreamStatusCode, fault.RetryDelay, model)));
        var rawText = System.Text.Encoding.UTF8.GetString(raw.WrittenMemory.Span);
        return JsonOut.WriteAsync(context, fault.StatusCode, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("error");
            w.WriteString("message", fault.Message ?? "Provider returned error");
            w.WriteString("type", Usual(fault.StatusCode).Type);
            w.WriteNumber("code", fault.StatusCode);
            w.WriteStartObject("metadata");
            w.WriteString("raw", rawText);
            w.WriteString("provider_name", fault.UpstreamProvider);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }, context.RequestAborted);
    }

    private static void WriteNullable(System.Text.Json.Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }
}
