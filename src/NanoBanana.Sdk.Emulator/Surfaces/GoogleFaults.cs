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
            return GoogleErrors.WriteAsync(c, f.StatusCode, f.Message ?? GoogleErrors.DefaultMessage(f.StatusCode), Details(f, model), c.RequestAborted);
        });

    private static List<ErrorDetail> Details(Fault fault, string? model)
    {
        var details = new List<ErrorDetail>();
        if (fault.StatusCode == 429)
        {
            details.Add(new QuotaFailureDetail(
                "generativelanguage.googleapis.com/generate_requests_per_model_per_minute",
                "GenerateRequestsPerMinutePerProjectPerModel",
                new Dictionary<string, string> { ["location"] = "global", ["model"] = model ?? "unknown" },
                10));
        }

        if (fault.RetryDelay is { } delay)
        {
            details.Add(new RetryInfoDetail(delay));
        }

        return details;
    }
}
