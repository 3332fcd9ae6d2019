using NanoBanana.Sdk.Emulator.Http;
using Microsoft.AspNetCore.Http;

namespace NanoBanana.Sdk.Emulator.Surfaces;

/// <summary>How faults that replace the answer look on the Gemini API surfaces (google.rpc.Status errors).</summary>
internal static class GoogleFaults
{
    /// <summary>Plays the part of a fault that comes before (or instead of) the answer; true when the request is fully answered.</summary>
    public static Task<bool> BeforeAnswerAsync(HttpContext context, EmulatorState state, Fault? fault, string? model) =>
        FaultEffects.BeforeAnswerAsync(context, state, fault, (c, f) =>
        {
            FaultEffects.ApplyRetryAfter(c, f);
            // An upstream-error fault is a gateway's wrapper; a Gemini surface answers the upstream error itself.
            var (status, message) = f.UpstreamProvider is null ? (f.StatusCode, f.Message) : (f.UpstreamStatusCode, null);
            return GoogleErrors.WriteAsync(c, status, message ?? GoogleErrors.DefaultMessage(status), Details(status, f.RetryDelay, model), c.RequestAborted);
        });

    /// <summary>The details of an error: a <c>QuotaFailure</c> for a 429, a <c>RetryInfo</c> when a retry delay is given.</summary>
    internal static List<ErrorDetail> Details(int status, string? retryDelay, string? model)
    {
        var details = new List<ErrorDetail>();
        if (status == 429)
        {
            details.Add(new QuotaFailureDetail(
                "generativelanguage.googleapis.com/generate_requests_per_model_per_minute",
                "GenerateRequestsPerMinutePerProjectPerModel",
                new Dictionary<string, string> { ["location"] = "global", ["model"] = model ?? "unknown" },
                10));
        }

        if (retryDelay is { } delay)
        {
            details.Add(new RetryInfoDetail(delay));
        }

        return details;
    }
}
