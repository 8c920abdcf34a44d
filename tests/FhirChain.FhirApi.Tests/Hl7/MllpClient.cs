using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FhirChain.FhirApi.Tests.Hl7v2;

/// <summary>A plain MLLP client over a loopback socket: raw frames out, raw bytes in, no library code.</summary>
internal sealed class MllpClient : IAsyncDisposable
{
    private readonly TcpClient tcp = new();
    private readonly List<byte> received = [];
    private NetworkStream? stream;

    public static async Task<MllpClient> ConnectAsync(IPEndPoint endpoint)
    {
        IPAddress.IsLoopback(endpoint.Address).ShouldBeTrue();
        var client = new MllpClient();
        await client.tcp.ConnectAsync(endpoint);
        client.stream = client.tcp.GetStream();
        return client;
    }

    public async Task SendAsync(string message)
    {
        var payload = Encoding.UTF8.GetBytes(message);
        var frame = new byte[payload.Length + 3];
        frame[0] = 0x0B;
        payload.CopyTo(frame, 1);
        frame[^2] = 0x1C;
        frame[^1] = 0x0D;
        await stream!.WriteAsync(frame);
    }

    /// <summary>The next frame's payload; fails when the bytes are not a well-formed frame.</summary>
    public async Task<string> ReceiveAsync()
    {
        var buffer = new byte[4096];
        while (true)
        {
            var end = received.IndexOf(0x1C);
            if (end >= 0 && end + 1 < received.Count)
            {
                received[0].ShouldBe((byte)0x0B);
                received[end + 1].ShouldBe((byte)0x0D);
                var text = Encoding.UTF8.GetString([.. received.GetRange(1, end - 1)]);
                received.RemoveRange(0, end + 2);
                return text;
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var read = await stream!.ReadAsync(buffer, timeout.Token);
            read.ShouldBeGreaterThan(0, "the server closed the connection before a whole ACK frame");
            received.AddRange(buffer.AsSpan(0, read).ToArray());
        }
    }

    public async Task<string> ExchangeAsync(string message)
    {
        await SendAsync(message);
        return await ReceiveAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (stream is not null)
        {
            await stream.DisposeAsync();
        }

        tcp.Dispose();
    }
}
