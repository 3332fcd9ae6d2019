using System.Globalization;

namespace NanoBanana.Sdk;

/// <summary>
/// Where a model id stands in Google's lifecycle: when it was released, deprecated and shut down, and which id
/// replaces it. Data, not code: override it with <see cref="ModelCatalog.WithModel"/> or
/// <see cref="ModelCatalog.WithRetiredAlias"/>. Dates are Google's "earliest possible" dates.
/// </summary>
public sealed record ModelLifecycle
{
    /// <summary>The general-availability (or preview launch) date, when known.</summary>
    public DateOnly? ReleasedOn { get; init; }

    /// <summary>The date Google deprecated the id; from then on a call works but warns.</summary>
    public DateOnly? DeprecatedOn { get; init; }

    /// <summary>The date Google shut the id down; from then on Google's routes refuse it before sending.</summary>
    public DateOnly? ShutdownOn { get; init; }

    /// <summary>The id to move to, e.g. <c>gemini-nano-banana-2.1</c>.</summary>
    public string? ReplacementId { get; init; }

    /// <summary>A caveat shown with the warning, e.g. an unresolved contradiction between sources.</summary>
    public string? Note { get; init; }

    /// <summary>Where the lifecycle facts come from: public URLs and the dates they were read.</summary>
    public string? Source { get; init; }

    /// <summary>Whether the id is deprecated on <paramref name="today"/>.</summary>
    /// <param name="today">The current date (UTC).</param>
    /// <returns><see langword="true"/> from <see cref="DeprecatedOn"/> onwards.</returns>
    public bool IsDeprecatedOn(DateOnly today) => DeprecatedOn is { } on && on <= today;

    /// <summary>Whether the id is shut down on <paramref name="today"/>.</summary>
    /// <param name="today">The current date (UTC).</param>
    /// <returns><see langword="true"/> from <see cref="ShutdownOn"/> onwards.</returns>
    public bool IsShutDownOn(DateOnly today) => ShutdownOn is { } on && on <= today;

    internal string Replacement => ReplacementId is null ? "no replacement is named" : $"use '{ReplacementId}' instead";

    internal string DeprecationWarning(string id) =>
        string.Create(CultureInfo.InvariantCulture, $"Model '{id}' is deprecated since {DeprecatedOn:yyyy-MM-dd}: it still works, but {Replacement}.")
        + (ShutdownOn is { } shutdown ? string.Create(CultureInfo.InvariantCulture, $" Shutdown is planned for {shutdown:yyyy-MM-dd}.") : " No shutdown date is announced.")
        + (Note is null ? string.Empty : $" {Note}");

    internal string ShutdownMessage(string id) =>
        string.Create(CultureInfo.InvariantCulture, $"Model '{id}' was shut down on Google's API on {ShutdownOn:yyyy-MM-dd}: {Replacement}. ")
        + "The request was not sent. If your endpoint still serves it, override the catalog (ModelCatalog.WithRetiredAlias or WithModel with a lifecycle without a shutdown date).";
}
