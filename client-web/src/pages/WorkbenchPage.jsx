import { Card, CardActionArea, CardContent, Grid, Typography } from '@mui/material';

// The workspace tools and where the gateway serves them (CONTRACT.md, Gateway routes).
export const TOOLS = [
  { name: 'JupyterLab', path: 'lab', text: 'Notebooks, consoles and files in one place.' },
  { name: 'Jupyter Notebook', path: 'tree', text: 'The classic notebook interface.' },
  { name: 'VS Code', path: 'tools/vscode/', text: 'A full editor for your twins and assets.' },
  { name: 'Linux desktop', path: 'tools/vnc/', text: 'A graphical desktop over VNC.' },
  { name: 'Terminal', path: 'terminals/main', text: 'A shell in your workspace.' },
];

export default function WorkbenchPage({ me }) {
  return (
    <>
      <Typography variant="h5" component="h1" gutterBottom>
        Workbench
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        Your workspace tools open in a new tab. If one says the workspace is not running, start the workspace first.
      </Typography>
      <Grid container spacing={2}>
        {TOOLS.map((tool) => (
          <Grid key={tool.path} size={{ xs: 12, sm: 6, md: 4 }}>
            <Card>
              <CardActionArea component="a" href={`/${me.user}/${tool.path}`} target="_blank" rel="noopener">
                <CardContent>
                  <Typography variant="subtitle1" component="h2">
                    {tool.name}
                  </Typography>
                  <Typography variant="body2" color="text.secondary">
                    {tool.text}
                  </Typography>
                </CardContent>
              </CardActionArea>
            </Card>
          </Grid>
        ))}
      </Grid>
    </>
  );
}
