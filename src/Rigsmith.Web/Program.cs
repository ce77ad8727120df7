using System.Data.Common;
using Rigsmith.Web;

// rigsmith-web [--listen ADDR] [--db CONNECTION] [--data DIR] [--catalog DIR] [--models DIR]; `rigsmith serve` starts it.
WebApplication app;
try
{
    app = WebApp.Create(args);
    app.Start();
}
catch (Exception e) when (e is ArgumentException or UriFormatException or DbException or InvalidOperationException or IOException or UnauthorizedAccessException)
{
    // Bad options, a database that cannot be opened or brought up to date, an address already in use: one message, as
    // the command line gives.
    Console.Error.WriteLine($"rigsmith-web: {e.Message}");
    return 2;
}

app.WaitForShutdown();
return 0;

/// <summary>The entry point, named for the functional tests' WebApplicationFactory.</summary>
public partial class Program;
