import { useEffect, useState } from 'react';
import { ApiContext } from './api/ApiContext';
import type { Connection } from './api/connect';
import type { ConnectionState } from './api/wsClient';
import { Workbench } from './workbench/Workbench';

function Banner({ title, text }: { title: string; text: string }) {
  return (
    <div className="banner" role="alert">
      <h1>{title}</h1>
      <p>{text}</p>
    </div>
  );
}

export function App({ connection }: { connection: Connection }) {
  const ws = connection.client ? connection.ws : null;
  const [state, setState] = useState<ConnectionState>(ws?.state ?? 'open');
  useEffect(() => ws?.onStateChange(setState), [ws]);

  if (!connection.client) return <Banner title="PyForge cannot connect" text={connection.error} />;
  return (
    <ApiContext.Provider value={connection.client}>
      {state === 'closed' && (
        <div className="connection-lost" role="alert">
          The connection to PyForge was lost or refused. Is `npm run web` still running? Start it again and open the new
          address it prints.
        </div>
      )}
      <Workbench />
    </ApiContext.Provider>
  );
}
