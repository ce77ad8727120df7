using Rigsmith.Web;

// rigsmith-web [--listen ADDR] [--db CONNECTION] [--data DIR] [--catalog DIR] [--models DIR]; `rigsmith serve` starts it.
WebApp.Create(args).Run();

/// <summary>The entry point, named for the functional tests' WebApplicationFactory.</summary>
public partial class Program;
