namespace NanoBanana.Sdk;

#pragma warning disable RS0026 // The prompt overload and the request overload both take an optional token, as in every .NET client SDK.

/// <summary>
/// The route-selecting client (SPEC §1): you state what the image needs (<see cref="ImageRequest.Routing"/>); it picks
/// the route, lane, model and size, explains why (<see cref="Plan"/>), enforces the budget before sending, and falls
/// back only by the steps you enabled. Offline work becomes a Batch job. Thread-safe; register it as a singleton.
/// </summary>
public interface INanoBananaClient
{
    /// <summary>Decides how <paramref name="request"/> would be sent, without any network call.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The plan with its reasons; <see cref="RoutePlan.IsRefused"/> when it would not be sent.</returns>
    /// <exception cref="ArgumentException">The request is invalid or conflicts with the allowed routes; the message names the setting.</exception>
    RoutePlan Plan(ImageRequest request);

    /// <summary>Plans and runs <paramref name="request"/>: the budget guard, the call (or a Batch job), the fallback ladder.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The image or the Batch job handle, the plan and the ladder.</returns>
    /// <exception cref="ArgumentException">The request is invalid or conflicts with the allowed routes.</exception>
    /// <exception cref="Errors.BudgetExceededException">A budget would be passed; nothing was sent for that plan.</exception>
    /// <exception cref="Errors.NanoBananaException">The call failed and no enabled step applies; <see cref="Errors.NanoBananaException.Attempts"/> holds the ladder.</exception>
    Task<NanoBananaResult> GenerateAsync(ImageRequest request, CancellationToken cancellationToken = default);

    /// <summary>Plans and runs a prompt with the default settings.</summary>
    /// <param name="prompt">What to generate.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result.</returns>
    Task<NanoBananaResult> GenerateAsync(string prompt, CancellationToken cancellationToken = default);
}
