using System.Buffers.Binary;
using System.Net;
using System.Text.Json;

namespace NanoBanana.Sdk.Emulator.Tests;

public sealed class JpegTests
{
    /// <summary>
    /// Walks the marker segments up to the scan: SOI, SOF0 (baseline) with the pixel size, DHT/DQT present,
    /// and EOI at the end. (Pixel decoding was checked with libjpeg's djpeg when the encoder was written.)
    /// </summary>
    private static (int Width, int Height) JpegSize(byte[] jpeg)
    {
        Assert.Equal([0xFF, 0xD8], jpeg[..2]);
        Assert.Equal([0xFF, 0xD9], jpeg[^2..]);
        var at = 2;
        var markers = new List<byte>();
        (int, int)? size = null;
        while (at < jpeg.Length && jpeg[at] == 0xFF && jpeg[at + 1] != 0xDA)
        {
            var marker = jpeg[at + 1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(at + 2));
            markers.Add(marker);
            if (marker == 0xC0)
            {
                size = (BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(at + 7)), BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(at + 5)));
            }

            at += 2 + length;
        }

        Assert.Equal(0xDA, jpeg[at + 1]);
        Assert.Contains((byte)0xDB, markers);
        Assert.Contains((byte)0xC4, markers);
        return size ?? throw new Xunit.Sdk.XunitException("no SOF0 segment");
    }

    [Fact]
    public async Task The_jpeg_option_answers_baseline_jpegs_at_the_real_size()
    {
        await using var emulator = await NanoBananaEmulator.StartAsync(new NanoBananaEmulatorOptions { ImageMimeType = "image/jpeg" }, CancellationToken.None);
        using var http = Client.For(emulator);

        var (response, json) = await Client.GenerateAsync(http, "gemini-3.1-flash-image", Client.GenerateBody(size: "2K", ratio: "16:9"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var part = Client.Parts(json).Last();
        Assert.Equal("image/jpeg", part.GetProperty("inlineData").GetProperty("mimeType").GetString());
        Assert.Equal((2752, 1536), JpegSize(Client.FinalImage(json)));
        var thought = Client.Parts(json).First(p => p.TryGetProperty("inlineData", out _));
        Assert.Equal("image/png", thought.GetProperty("inlineData").GetProperty("mimeType").GetString());
    }

    [Theory]
    [InlineData("image/jpeg", "image/jpeg")]
    [InlineData("image/png", "image/png")]
    [InlineData("image/webp", "image/png")]
    public async Task Interactions_honour_response_format_mime_type(string asked, string answered)
    {
        await using var emulator = await NanoBananaEmulator.StartAsync(new NanoBananaEmulatorOptions(), CancellationToken.None);
        using var http = Client.For(emulator);
        var body = JsonSerializer.Serialize(new { model = "gemini-3-pro-image", input = "x", response_format = new { type = "image", image_size = "1K", aspect_ratio = "21:9", mime_type = asked } });

        var (_, json) = await Client.SendAsync(http, Client.Post("v1beta/interactions", body));

        var image = InteractionsTests.ModelOutput(json).GetProperty("content").EnumerateArray().Last();
        Assert.Equal(answered, image.GetProperty("mime_type").GetString());
        var bytes = InteractionsTests.OutputImage(json);
        Assert.Equal((1584, 672), answered == "image/jpeg" ? JpegSize(bytes) : Png.Validate(bytes));
    }

    [Fact]
    public async Task Realistic_jpegs_vary_per_block_and_odd_sizes_work()
    {
        await using var realistic = await NanoBananaEmulator.StartAsync(
            new NanoBananaEmulatorOptions { ImageMimeType = "image/jpeg", PayloadProfile = PayloadProfile.Realistic }, CancellationToken.None);
        await using var small = await NanoBananaEmulator.StartAsync(new NanoBananaEmulatorOptions { ImageMimeType = "image/jpeg" }, CancellationToken.None);
        using var realisticHttp = Client.For(realistic);
        using var smallHttp = Client.For(small);
        var body = Client.GenerateBody(size: "512", ratio: "2:3");

        var noisy = Client.FinalImage((await Client.GenerateAsync(realisticHttp, "gemini-3.1-flash-image", body)).Json);
        var flat = Client.FinalImage((await Client.GenerateAsync(smallHttp, "gemini-3.1-flash-image", body)).Json);

        Assert.Equal((424, 632), JpegSize(noisy));
        Assert.Equal((424, 632), JpegSize(flat));
        Assert.True(noisy.Length > 3 * flat.Length, $"{noisy.Length} vs {flat.Length} bytes");
    }

    [Fact]
    public async Task Other_image_mime_type_options_are_rejected_at_start()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() =>
            NanoBananaEmulator.StartAsync(new NanoBananaEmulatorOptions { ImageMimeType = "image/webp" }, CancellationToken.None));

        Assert.Equal("options", ex.ParamName);
        Assert.Contains("image/jpeg", ex.Message, StringComparison.Ordinal);
    }
}
