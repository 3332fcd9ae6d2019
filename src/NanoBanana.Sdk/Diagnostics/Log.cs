using Microsoft.Extensions.Logging;
using NanoBanana.Sdk.Errors;
using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk.Diagnostics;

/// <summary>
/// Every log message the SDK writes, with central event ids (1xx: calls on any route) so routes never collide.
/// Never the key; the prompt never.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information,
        Message = "NanoBanana {Route} call {Model} for project {Project} {Endpoint} on {Lane}: HTTP {Status}, {ImageCount} image(s) in {LatencyMs} ms, {Attempts} attempt(s), request id {RequestId}, cost {CostUsd} USD")]
    public static partial void CallSucceeded(ILogger logger, ImageRoute route, string model, string project, string endpoint, PriceLane lane, int status, int imageCount, long latencyMs, int attempts, string requestId, string costUsd);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "NanoBanana {Route} call {Model}: {Warning}")]
    public static partial void CallWarning(ILogger logger, ImageRoute route, string model, string warning);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning,
        Message = "NanoBanana {Route} call {Model} for project {Project} {Endpoint} failed: {ErrorKind} ({ErrorType}), HTTP {StatusCode}, {Attempts} attempt(s), request id {RequestId}, likely owner {Owner}, cost {CostUsd} USD")]
    public static partial void CallFailed(ILogger logger, ImageRoute route, string model, string project, string endpoint, ErrorKind errorKind, string errorType, int? statusCode, int attempts, string? requestId, ErrorOwner owner, string costUsd);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information,
        Message = "NanoBanana {Route} call {Model} for project {Project} {Endpoint} was cancelled by the caller after {ElapsedMs} ms: {Billing}")]
    public static partial void CallCancelled(ILogger logger, ImageRoute route, string model, string project, string endpoint, long elapsedMs, string billing);

    [LoggerMessage(EventId = 104, Level = LogLevel.Debug, Message = "NanoBanana {Route} reproduction packet: {Packet}")]
    public static partial void ReproPacket(ILogger logger, ImageRoute route, string packet);
}
