using System.Net;
using System.Net.Sockets;
using System.Text;
using FhirChain.Interop.Acks;
using FhirChain.Interop.Er7;
using FhirChain.Interop.Mllp;

namespace FhirChain.Interop.Tests.Mllp;

public sealed class MllpListenerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static string Message(string id) => $"MSH|^~\\&|S|F|R|G|20250101||ADT^A01|{id}|P|2.5\rPID|1||1\r";

    private static ValueTask<string> Echo(string text, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AckBuilder.Build(((Er7Parsed)Er7Parser.Parse(text)).Message, AckCode.AA, []));

    private static async Task<MllpListener> StartAsync(Func<string, CancellationToken, ValueTask<string>> handler, MllpListenerOptions? options = null)
    {
        var listener = new MllpListener(new IPEndPoint(IPAddress.Loopback, 0), handler, options);
        listener.Start();
        await Task.CompletedTask;
        return listener;
    }

    private static async Task<(TcpClient Client, MllpFrameReader Reader, NetworkStream Stream)> ConnectAsync(MllpListener listener)
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, listener.LocalEndpoint.Port).WaitAsync(Timeout);
        var stream = client.GetStream();
        return (client, new MllpFrameReader(stream), stream);
    }

    private static async Task<string> ReadAckAsync(MllpFrameReader reader)
    {
        using var cts = new CancellationTokenSource(Timeout);
        var result = await reader.ReadFrameAsync(cts.Token);
        result.Status.ShouldBe(MllpReadStatus.Frame);
        return Encoding.UTF8.GetString(result.Payload.Span);
    }

    private static string MsaControlId(string ack) => ((Er7Parsed)Er7Parser.Parse(ack)).Message.Segment("MSA")!.Value(2);

    private static string MsaCode(string ack) => ((Er7Parsed)Er7Parser.Parse(ack)).Message.Segment("MSA")!.Value(1);

    [Fact]
    public async Task One_message_gets_one_ack()
    {
        await using var listener = await StartAsync(Echo);
        var (client, reader, stream) = await ConnectAsync(listener);
        using (client)
        {
            await stream.WriteAsync(MllpFrameWriter.Frame(Message("A1"), Encoding.UTF8));
            MsaControlId(await ReadAckAsync(reader)).ShouldBe("A1");
        }
    }

    [Fact]
    public async Task Frame_split_byte_by_byte_is_reassembled()
    {
        await using var listener = await StartAsync(Echo);
        var (client, reader, stream) = await ConnectAsync(listener);
        using (client)
        {
            foreach (var b in MllpFrameWriter.Frame(Message("SPLIT"), Encoding.UTF8))
            {
                await stream.WriteAsync(new[] { b });
                await stream.FlushAsync();
            }

            MsaControlId(await ReadAckAsync(reader)).ShouldBe("SPLIT");
        }
    }

    [Fact]
    public async Task Several_frames_in_one_write_get_acks_in_order()
    {
        await using var listener = await StartAsync(Echo);
        var (client, reader, stream) = await ConnectAsync(listener);
        using (client)
        {
            var all = Enumerable.Range(1, 5).SelectMany(i => MllpFrameWriter.Frame(Message("M" + i), Encoding.UTF8)).ToArray();
            await stream.WriteAsync(all);
            for (var i = 1; i <= 5; i++)
            {
                MsaControlId(await ReadAckAsync(reader)).ShouldBe("M" + i);
            }
        }
    }

    [Fact]
    public async Task Twenty_concurrent_clients_each_get_their_acks_in_order()
    {
        await using var listener = await StartAsync(async (text, ct) =>
        {
            await Task.Delay(Random.Shared.Next(0, 3), ct);
            return await Echo(text, ct);
        });

        var clients = Enumerable.Range(0, 20).Select(async c =>
        {
            var (client, reader, stream) = await ConnectAsync(listener);
            using (client)
            {
                for (var m = 0; m < 10; m++)
                {
                    await stream.WriteAsync(MllpFrameWriter.Frame(Message($"C{c}-{m}"), Encoding.UTF8));
                    MsaControlId(await ReadAckAsync(reader)).ShouldBe($"C{c}-{m}");
                }
            }
        });

        await Task.WhenAll(clients).WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Oversize_frame_is_rejected_with_ar_and_closed()
    {
        await using var listener = await StartAsync(Echo, new MllpListenerOptions { MaxFrameBytes = 1024 });
        var (client, reader, stream) = await ConnectAsync(listener);
        using (client)
        {
            await stream.WriteAsync(MllpFrameWriter.Frame(Message(new string('X', 4000)), Encoding.UTF8));
            MsaCode(await ReadAckAsync(reader)).ShouldBe("AR");
            using var cts = new CancellationTokenSource(Timeout);
            (await reader.ReadFrameAsync(cts.Token)).Status.ShouldBe(MllpReadStatus.EndOfStream);
        }
    }

    [Fact]
    public async Task Handler_exception_becomes_an_ae_ack_and_the_connection_stays_open()
    {
        await using var listener = await StartAsync((text, ct) =>
            text.Contains("|BOOM|", StringComparison.Ordinal) ? throw new InvalidOperationException("boom") : Echo(text, ct));
        var (client, reader, stream) = await ConnectAsync(listener);
        using (client)
        {
            await stream.WriteAsync(MllpFrameWriter.Frame(Message("BOOM"), Encoding.UTF8));
            var ack = await ReadAckAsync(reader);
            MsaCode(ack).ShouldBe("AE");
            MsaControlId(ack).ShouldBe("BOOM");

            await stream.WriteAsync(MllpFrameWriter.Frame(Message("AFTER"), Encoding.UTF8));
            MsaCode(await ReadAckAsync(reader)).ShouldBe("AA");
        }
    }

    [Fact]
    public async Task Listener_stops_cleanly_with_a_connection_open()
    {
        var listener = await StartAsync(Echo);
        var (client, reader, stream) = await ConnectAsync(listener);
        using (client)
        {
            await stream.WriteAsync(MllpFrameWriter.Frame(Message("S1"), Encoding.UTF8));
            await ReadAckAsync(reader);

            await listener.StopAsync(CancellationToken.None).WaitAsync(Timeout);
            await listener.DisposeAsync();

            using var cts = new CancellationTokenSource(Timeout);
            (await reader.ReadFrameAsync(cts.Token)).Status.ShouldBe(MllpReadStatus.EndOfStream);
        }
    }

    [Fact]
    public async Task Junk_outside_frames_is_reported_by_the_reader()
    {
        using var stream = new MemoryStream(Encoding.ASCII.GetBytes("junk\u000Bx\u001C\r"));
        var result = await new MllpFrameReader(stream).ReadFrameAsync(CancellationToken.None);

        result.Status.ShouldBe(MllpReadStatus.Junk);
    }
}
