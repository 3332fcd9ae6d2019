using System.Diagnostics;
using NanoBanana.Sdk.Emulator.Imaging;

namespace NanoBanana.Sdk.Emulator.Tests;

public sealed class ImagingTests
{
    [Fact]
    public void Checksums_match_the_standard_check_values()
    {
        Assert.Equal(0xCBF43926u, Checksums.Crc32(0, "123456789"u8));
        Assert.Equal(Checksums.Crc32(0, "123456789"u8), Checksums.Crc32(Checksums.Crc32(0, "1234"u8), "56789"u8));
        Assert.Equal(0x11E60398u, Checksums.Adler32(1, "Wikipedia"u8));
        var big = new byte[100_000];
        new Random(1).NextBytes(big);
        Assert.Equal(Checksums.Adler32(Checksums.Adler32(1, big.AsSpan(0, 40_000)), big.AsSpan(40_000)), Checksums.Adler32(1, big));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 7)]
    [InlineData(1376, 768)]
    public void Both_encoders_write_valid_pngs(int width, int height)
    {
        Assert.Equal((width, height), Png.Validate(PngEncoder.EncodeRows(width, height, y => ((byte)y, 2, 3))));
        Assert.Equal((width, height), Png.Validate(PngEncoder.EncodeNoise(width, height, 42)));
    }

    [Fact]
    public void Small_payloads_are_tiny_and_realistic_ones_are_as_large_as_the_pixels()
    {
        var small = new ImageGenerator(PayloadProfile.Small).Generate(5, 2048, 2048, ImageGenerator.Png);
        var realistic = new ImageGenerator(PayloadProfile.Realistic).Generate(5, 1024, 1024, ImageGenerator.Png);

        Assert.True(small.Bytes.Length < 200_000, $"{small.Bytes.Length} bytes");
        Assert.True(realistic.Bytes.Length > 1024 * 1024 * 3, $"{realistic.Bytes.Length} bytes");
    }

    [Fact]
    public async Task A_realistic_4K_image_is_tens_of_megabytes()
    {
        await using var emulator = await NanoBananaEmulator.StartAsync(new NanoBananaEmulatorOptions { PayloadProfile = PayloadProfile.Realistic }, CancellationToken.None);
        using var http = Client.For(emulator);
        var (response, json) = await Client.GenerateAsync(http, "gemini-3-pro-image", Client.GenerateBody("a photo", "4K", "1:1"));

        var png = Client.FinalImage(json);
        Assert.Equal((4096, 4096), Png.Validate(png));
        Assert.True(png.Length > 48_000_000, $"{png.Length} bytes");
        Assert.True(response.Content.Headers.ContentLength > 64_000_000);
        // Speed is measured in benchmarks/ (the realistic-4K rows), never as a timed test.
        var interim = Client.Parts(json).First(p => p.TryGetProperty("inlineData", out _));
        Assert.True(Convert.FromBase64String(interim.GetProperty("inlineData").GetProperty("data").GetString()!).Length < 100_000, "thought images stay small");
    }
}
