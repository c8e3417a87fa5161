"""The local web page (`spt-eval serve`): the annual routine in a browser, on 127.0.0.1 only.

Takes the routine's steps and shows their outcomes; holds no logic of its own. `guard` refuses
foreign hosts and origins, POSTs without the session token and oversized uploads; `workspace`
keeps every upload and output inside one working folder under names the server chooses;
`worker` renders in a separate process so the page stays responsive.
"""
