namespace NanoBanana.Sdk;

/// <summary>Probe.</summary>
public static class Probe
{
    /// <summary>Probe.</summary>
    public static int Value(string s) => s.Length;
}
