namespace FhirChain.FhirApi.Audit;

/// <summary>Closes the windows of refused requests whose time is up, once a second (<see cref="AuthenticationFailureWindows"/>).</summary>
internal sealed class AuthenticationFailureWindowCloser(AuthenticationFailureWindows windows, TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                windows.Close(all: false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the audit writer closes the windows still open.
        }
    }
}
