namespace NanoBanana.Sdk.Emulator;

/// <summary>How heavy the emulator's generated images are.</summary>
public enum PayloadProfile
{
    /// <summary>
    /// Tiny PNGs (each row one colour, so they compress to a few kilobytes) at the real pixel size: fast tests.
    /// </summary>
    Small = 0,

    /// <summary>
    /// Incompressible noise stored uncompressed, so a 4K image is tens of megabytes like the real service's:
    /// for benchmarks and memory tests.
    /// </summary>
    Realistic = 1,
}
