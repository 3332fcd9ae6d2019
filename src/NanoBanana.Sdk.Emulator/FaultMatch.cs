namespace NanoBanana.Sdk.Emulator;

/// <summary>Which requests a <see cref="FaultRule"/> applies to.</summary>
public sealed class FaultMatch
{
    private readonly Func<FaultRequest, bool> _predicate;
    private readonly string _description;

    private FaultMatch(Func<FaultRequest, bool> predicate, string description)
    {
        _predicate = predicate;
        _description = description;
    }

    /// <summary>Every request.</summary>
    public static FaultMatch Any { get; } = new(_ => true, "any request");

    /// <summary>Requests whose path contains <paramref name="fragment"/> (ordinal), e.g. <c>"generateContent"</c> or <c>"/interactions"</c>.</summary>
    /// <param name="fragment">The text to look for in the path.</param>
    /// <returns>The match.</returns>
    /// <exception cref="ArgumentException"><paramref name="fragment"/> is empty.</exception>
    public static FaultMatch Path(string fragment)
    {
        ArgumentException.ThrowIfNullOrEmpty(fragment);
        return new(r => r.Path.Contains(fragment, StringComparison.Ordinal), $"path contains '{fragment}'");
    }

    /// <summary>Requests for <paramref name="model"/>; a <c>-preview</c> suffix or <c>models/</c> prefix on either side is ignored.</summary>
    /// <param name="model">The model id.</param>
    /// <returns>The match.</returns>
    /// <exception cref="ArgumentException"><paramref name="model"/> is empty.</exception>
    public static FaultMatch Model(string model)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        var wanted = Bare(model);
        return new(r => r.Model is not null && string.Equals(Bare(r.Model), wanted, StringComparison.Ordinal), $"model '{model}'");
    }

    /// <summary>Requests on one surface, e.g. <see cref="FaultRequest.Interactions"/>.</summary>
    /// <param name="surface">The surface name.</param>
    /// <returns>The match.</returns>
    /// <exception cref="ArgumentException"><paramref name="surface"/> is empty.</exception>
    public static FaultMatch Surface(string surface)
    {
        ArgumentException.ThrowIfNullOrEmpty(surface);
        return new(r => string.Equals(r.Surface, surface, StringComparison.Ordinal), $"surface '{surface}'");
    }

    /// <summary>Requests for which <paramref name="predicate"/> is true.</summary>
    /// <param name="predicate">The test; called on the request thread.</param>
    /// <returns>The match.</returns>
    public static FaultMatch Where(Func<FaultRequest, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return new(predicate, "custom predicate");
    }

    /// <summary>Batch items (<see cref="FaultRequest.BatchItem"/>) whose key is <paramref name="key"/>; used by JSON fault plans.</summary>
    internal static FaultMatch ItemKey(string key) =>
        new(r => string.Equals(r.Key, key, StringComparison.Ordinal), $"item key '{key}'");

    /// <summary>Requests every one of <paramref name="parts"/> matches (<see cref="Any"/> when there are none).</summary>
    internal static FaultMatch All(IReadOnlyList<FaultMatch> parts) => parts.Count switch
    {
        0 => Any,
        1 => parts[0],
        _ => new(r => parts.All(p => p._predicate(r)), string.Join(" and ", parts.Select(p => p._description))),
    };

    /// <summary>Whether <paramref name="request"/> matches.</summary>
    /// <param name="request">The request facts.</param>
    /// <returns>True when the rule applies.</returns>
    public bool Matches(FaultRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _predicate(request);
    }

    /// <inheritdoc/>
    public override string ToString() => _description;

    private static string Bare(string model)
    {
        var bare = model.StartsWith("models/", StringComparison.Ordinal) ? model["models/".Length..] : model;
        return bare.EndsWith("-preview", StringComparison.Ordinal) ? bare[..^"-preview".Length] : bare;
    }
}
