Console.WriteLine("QuickStart: coming with the official route.");
return 0;
