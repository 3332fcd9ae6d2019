using Microsoft.Extensions.Logging;
using NanoBanana.Sdk.Errors;

namespace NanoBanana.Sdk.Diagnostics;

/// <summary>The route-selecting client's messages (event ids 3xx).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Debug, Message = "NanoBanana plan: {Plan}")]
    public static partial void RoutePlanned(ILogger logger, string plan);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning,
        Message = "NanoBanana fallback step {Step} after {ErrorKind} on {FailedPlan}: next {Plan}; reason: {Reason}; cost so far {CostSoFarUsd} USD")]
    public static partial void FallbackStepTaken(ILogger logger, FallbackStep step, ErrorKind errorKind, string failedPlan, string plan, string reason, string costSoFarUsd);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "NanoBanana fallback step {Step} skipped: {Reason}")]
    public static partial void FallbackStepSkipped(ILogger logger, FallbackStep step, string reason);

    [LoggerMessage(EventId = 303, Level = LogLevel.Warning,
        Message = "NanoBanana no fallback after {ErrorKind} on {FailedPlan}: {Reason}; cost so far {CostSoFarUsd} USD")]
    public static partial void FallbackRefused(ILogger logger, ErrorKind errorKind, string failedPlan, string reason, string costSoFarUsd);

    [LoggerMessage(EventId = 304, Level = LogLevel.Warning, Message = "NanoBanana budget refused the request before sending: {Message}")]
    public static partial void BudgetRefused(ILogger logger, string message);

    [LoggerMessage(EventId = 305, Level = LogLevel.Information, Message = "NanoBanana budget: routed down with {Step} to {Plan} to fit {Scope}")]
    public static partial void BudgetRoutedDown(ILogger logger, FallbackStep step, string plan, string scope);
}
