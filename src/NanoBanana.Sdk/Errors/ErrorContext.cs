
namespace NanoBanana.Sdk.Errors;

/// <summary>
/// What the calling client knows about a failed request, passed to <see cref="ErrorClassifier"/>. The secret is
/// used only to redact and fingerprint; it never reaches an exception or a packet.
/// </summary>
internal sealed record ErrorContext
{
    public required ImageRoute Route { get; init; }

    public PriceLane Lane { get; init; } = PriceLane.GoogleStandard;

    public ModelResolution? Model { get; init; }

    public string? ProjectId { get; init; }

    public string? KeyType { get; init; }

    public string? Secret { get; init; }

    public ImageSize? Size { get; init; }

    public AspectRatio? AspectRatio { get; init; }

    public string? Prompt { get; init; }

    public bool IncludePromptInPacket { get; init; }

    /// <summary>Whether the pipeline puts <see cref="Prompt"/> on the call's span (<c>gen_ai.input.messages</c>).</summary>
    public bool IncludePromptInTelemetry { get; init; }

    /// <summary>Method and path, e.g. <c>POST /v1beta/interactions</c>; a query string is dropped if one slips in.</summary>
    public string? Endpoint { get; init; }

    public string? Provider { get; init; }

    public string? ClientRequestId { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The lane a route is priced on by default (Official → Standard, Batch → Batch, Provider → Provider).</summary>
    /// <param name="route">The route.</param>
    /// <returns>The default lane.</returns>
    public static PriceLane DefaultLane(ImageRoute route) => route switch
    {
        ImageRoute.Batch => PriceLane.GoogleBatch,
        ImageRoute.Provider => PriceLane.Provider,
        _ => PriceLane.GoogleStandard,
    };

    /// <summary>Everything but <see cref="Secret"/>: a record's generated <c>ToString()</c> would print the key.</summary>
    /// <param name="builder">The builder the record's <c>ToString()</c> fills.</param>
    /// <returns>True: members were written.</returns>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Route = ").Append(Route).Append(", Lane = ").Append(Lane)
            .Append(", Model = ").Append(Model?.Requested)
            .Append(", Secret = ").Append(Secret is null ? "(none)" : SecretRedactor.Fingerprint(Secret));
        return true;
    }
}
