using Microsoft.AspNetCore.Http;

namespace NanoBanana.Sdk.Emulator.Http;

/// <summary>
/// API-key authentication as the Gemini API does it: <c>x-goog-api-key</c> header or <c>?key=</c> query.
/// Missing key → 403 PERMISSION_DENIED ("unregistered callers"); unknown key → 400 INVALID_ARGUMENT with
/// ErrorInfo API_KEY_INVALID; a blocked key → 403 with API_KEY_SERVICE_BLOCKED; a Bearer token where a key
/// belongs → 401 UNAUTHENTICATED (the real API treats it as an OAuth token and rejects it).
/// </summary>
internal static class GoogleAuth
{
    private const string Service = "generativelanguage.googleapis.com";

    /// <summary>The key sent, or null.</summary>
    public static string? KeyOf(HttpRequest request)
    {
        if (request.Headers.TryGetValue("x-goog-api-key", out var header) && !string.IsNullOrEmpty(header.ToString()))
        {
            return header.ToString();
        }

        return request.Query.TryGetValue("key", out var query) && !string.IsNullOrEmpty(query.ToString()) ? query.ToString() : null;
    }

    /// <summary>The caller's project, or null after an error answer was written.</summary>
    /// <param name="context">The request.</param>
    /// <param name="state">The emulator state.</param>
    /// <param name="rpcMethod">The RPC name used in the blocked-key message, e.g. <c>GenerativeService.GenerateContent</c>.</param>
    public static async Task<string?> AuthenticateAsync(HttpContext context, EmulatorState state, string rpcMethod)
    {
        var cancellationToken = context.RequestAborted;
        var key = KeyOf(context.Request);
        if (key is null)
        {
            if (context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                await GoogleErrors.WriteAsync(context, 401, GoogleErrors.DefaultMessage(401),
                    [new ErrorInfoDetail("ACCESS_TOKEN_TYPE_UNSUPPORTED", "googleapis.com",
                        new Dictionary<string, string> { ["service"] = Service, ["method"] = $"google.ai.generativelanguage.v1beta.{rpcMethod}" })],
                    cancellationToken).ConfigureAwait(false);
                return null;
            }

            await GoogleErrors.WriteAsync(context, 403,
                "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
                cancellationToken: cancellationToken).ConfigureAwait(false);
            return null;
        }

        if (state.BlockedKeys.Contains(key))
        {
            var message = $"Requests to this API {Service} method google.ai.generativelanguage.v1beta.{rpcMethod} are blocked.";
            await GoogleErrors.WriteAsync(context, 403, message,
                [new ErrorInfoDetail("API_KEY_SERVICE_BLOCKED", "googleapis.com",
                    new Dictionary<string, string> { ["service"] = Service, ["methodName"] = $"google.ai.generativelanguage.v1beta.{rpcMethod}", ["consumer"] = "projects/" + state.ProjectOf(key) }),
                 new LocalizedMessageDetail(message)],
                cancellationToken).ConfigureAwait(false);
            return null;
        }

        var project = state.ProjectOf(key);
        if (project is null)
        {
            const string Message = "API key not valid. Please pass a valid API key.";
            await GoogleErrors.WriteAsync(context, 400, Message,
                [new ErrorInfoDetail("API_KEY_INVALID", "googleapis.com", new Dictionary<string, string> { ["service"] = Service }),
                 new LocalizedMessageDetail(Message)],
                cancellationToken).ConfigureAwait(false);
            return null;
        }

        return project;
    }

    /// <summary>Counts the request against the project's quota, or writes the real 429 and returns false.</summary>
    public static async Task<bool> AdmitAsync(HttpContext context, EmulatorState state, string project, string model)
    {
        var violation = state.Quota.TryAcquire(project, model);
        if (violation is null)
        {
            return true;
        }

        var message = $"{GoogleErrors.DefaultMessage(429)} To monitor your current usage, head to: https://ai.dev/usage?tab=rate-limit. \n"
            + $"* Quota exceeded for metric: {violation.QuotaMetric}, limit: {violation.Limit}, model: {model}\n"
            + $"Please retry in {violation.RetryAfter.TotalSeconds:0.######}s.";
        await GoogleErrors.WriteAsync(context, 429, message,
            [new QuotaFailureDetail(violation.QuotaMetric, violation.QuotaId,
                new Dictionary<string, string> { ["location"] = "global", ["model"] = model }, violation.Limit),
             new RetryInfoDetail(violation.RetryDelay)],
            context.RequestAborted).ConfigureAwait(false);
        return false;
    }
}
